"""The error family: messages name file and line; errors survive pickling (build workers)."""

import pickle

from vazby.errors import DetectError, LoadError, VazbyError


def test_load_error_pickles_with_its_parts():
    error = pickle.loads(pickle.dumps(DetectError("a.txt", 3, "no loader")))
    assert isinstance(error, DetectError) and isinstance(error, VazbyError)
    assert (error.path, error.line, error.message) == ("a.txt", 3, "no loader")
    assert str(error) == "a.txt:3: no loader"


def test_load_error_message_names_path_and_line():
    assert str(LoadError("plan.txt", 0, "the file is empty")) == "plan.txt:0: the file is empty"
