/* restwell ships no jQuery/Bootstrap; this file exists so templates written for Django REST framework that include it do not get a 404. restwell/js/restwell.js handles forms. */
