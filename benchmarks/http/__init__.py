"""HTTP benchmarks S0 and S3: real servers on 127.0.0.1 loaded by ``wrk``.

``python -m benchmarks.http.run`` (see ``run.py``) starts one server per
implementation (a plain Django project, restwell through
``restwell.install_as_rest_framework()``, Django REST framework), loads each
endpoint in turn and writes ``benchmarks/results-http.json``.
"""
