"""Models shared by the test modules (app label ``tests``)."""
