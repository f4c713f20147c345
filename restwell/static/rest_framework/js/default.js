/* restwell: the browsable API script is restwell/js/restwell.js; this path is kept for templates written for Django REST framework. */
