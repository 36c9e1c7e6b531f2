"""Loading submissions: malformed input, definitions-only filtering, notebooks, folders and name matching.

Nothing here runs student code; the tests check what the loader reads and what it hands the worker.
"""
import ast
import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from nbformat import v3, v4

from backprop_spec.loading import (
    MAX_FILE_BYTES,
    Match,
    load_submission,
    match_components,
    near_miss_methods,
    static_methods,
)
from backprop_spec.loading import files as loading_files
from backprop_spec.loading import submission as loading_submission

DATA = Path(__file__).parent / "data" / "loading"


def write_notebook(path, *cells):
    """A notebook whose cells are given as source strings; "md:" marks a markdown cell."""
    notebook = v4.new_notebook()
    notebook.cells = [
        v4.new_markdown_cell(cell[3:]) if cell.startswith("md:") else v4.new_code_cell(cell) for cell in cells
    ]
    nbformat.write(notebook, str(path))
    return path


def chunk_codes(loaded, kind=None):
    return [chunk.code for unit in loaded.units for chunk in unit.chunks if kind in (None, chunk.kind)]


def assert_error_names(loaded, name, *words):
    assert loaded.error, "expected a loading error"
    assert name in loaded.error
    assert "\n" not in loaded.error
    assert not loaded.units
    for word in words:
        assert word in loaded.error


# --- Malformed input: one clear line naming the file, never an exception ----------------------------


def test_a_path_that_does_not_exist(tmp_path):
    assert_error_names(load_submission(tmp_path / "nothing.py"), "nothing.py", "no such file")


def test_a_folder_without_python(tmp_path):
    (tmp_path / "README.txt").write_text("hello")
    assert_error_names(load_submission(tmp_path), str(tmp_path), "no Python files")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_an_empty_file(tmp_path, content):
    (tmp_path / "layers.py").write_bytes(content)
    assert_error_names(load_submission(tmp_path / "layers.py"), "layers.py", "empty")


def test_a_binary_file(tmp_path):
    (tmp_path / "layers.py").write_bytes(b"import numpy\x00\x01\x02")
    assert_error_names(load_submission(tmp_path / "layers.py"), "layers.py", "binary", "offset 12")


def test_a_file_that_is_not_utf8(tmp_path):
    (tmp_path / "layers.py").write_bytes("# été\nx = 1\n".encode("latin-1"))
    assert_error_names(load_submission(tmp_path / "layers.py"), "layers.py", "not UTF-8", "offset 2", "0xe9")


def test_utf8_with_a_byte_order_mark_loads(tmp_path):
    (tmp_path / "layers.py").write_bytes("\ufeffdef softmax(x):\n    return x  # é\n".encode())
    loaded = load_submission(tmp_path / "layers.py")
    assert loaded.error is None and loaded.preferred["softmax"].line == 1


def test_a_declared_latin1_file_loads(tmp_path):
    source = "# -*- coding: latin-1 -*-\ndef softmax(x):\n    'été'\n"
    (tmp_path / "layers.py").write_bytes(source.encode("latin-1"))
    assert load_submission(tmp_path / "layers.py").preferred["softmax"].line == 2


@pytest.mark.parametrize("codec", ["rot13", "hex", "zlib"])
def test_a_coding_line_that_names_no_text_encoding_is_a_bad_file_not_a_crash(tmp_path, codec):
    (tmp_path / "odd.py").write_text(f"# coding: {codec}\nx = 1\n")
    assert_error_names(load_submission(tmp_path / "odd.py"), "odd.py", codec, "UTF-8")
    (tmp_path / "layers.py").write_text("def softmax(x):\n    return x\n")
    folder = load_submission(tmp_path)
    assert folder.error is None and "softmax" in folder.preferred
    assert [w for w in folder.warnings if w.startswith("odd.py")] == [
        f"odd.py declares the coding {codec}, in which Python reads no source code; save the file as UTF-8 without "
        "that line"]


def test_invalid_notebook_json(tmp_path):
    (tmp_path / "nb.ipynb").write_text('{"cells": [,]}')
    assert_error_names(load_submission(tmp_path / "nb.ipynb"), "nb.ipynb", "JSON", "line 1, column 12")


@pytest.mark.parametrize(
    "document, words",
    [
        ([1, 2], ("not a notebook",)),
        ({"cells": []}, ("no nbformat version",)),
        ({"nbformat": 5, "cells": []}, ("nbformat 5",)),
        ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "x = 1"}, ("no list of cells",)),
        ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ["x = 1"]}, ("cell 1 is not a JSON",)),
        ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}, ("no code",)),
        ({"nbformat": 4, "cells": [{"cell_type": "code"}]}, ("has no 'metadata' entry",)),
        (
            {"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": 4, "metadata": {}}]},
            ("has no code in its cells",),
        ),
    ],
)
def test_json_that_is_not_a_usable_notebook(tmp_path, document, words):
    (tmp_path / "nb.ipynb").write_text(json.dumps(document))
    assert_error_names(load_submission(tmp_path / "nb.ipynb"), "nb.ipynb", *words)


def test_notebook_json_nested_too_deeply(tmp_path):
    (tmp_path / "nb.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    assert_error_names(load_submission(tmp_path / "nb.ipynb"), "nb.ipynb", "nested too deeply")


def test_an_nbformat3_notebook_is_converted_with_a_warning(tmp_path):
    cell = v3.new_code_cell(input="import numpy as np\n\ndef softmax(x):\n    return np.exp(x)\n")
    notebook = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[cell])])
    (tmp_path / "old.ipynb").write_text(nbformat.writes(notebook, version=3))
    loaded = load_submission(tmp_path / "old.ipynb")
    assert loaded.error is None
    assert loaded.preferred["softmax"].where == "cell 1, line 3"
    assert any("nbformat 3" in warning for warning in loaded.warnings)


def test_an_nbformat3_notebook_that_cannot_be_converted(tmp_path):
    (tmp_path / "old.ipynb").write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": "?"}))
    assert_error_names(load_submission(tmp_path / "old.ipynb"), "old.ipynb", "nbformat 3", "save it again")


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.py"
    with open(big, "wb") as file:
        file.truncate(50 * 2**20 - 1)
        file.write(b"#")
    started = time.perf_counter()
    loaded = load_submission(big)
    assert time.perf_counter() - started < 1.0
    assert_error_names(loaded, "big.py", "50.0 MB", f"{MAX_FILE_BYTES // 2**20} MB limit")


def test_a_big_file_in_a_folder_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "big.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (tmp_path / "layers.py").write_text("def softmax(x):\n    return x\n")
    loaded = load_submission(tmp_path)
    assert loaded.error is None and [unit.module for unit in loaded.units] == ["layers"]
    assert any("big.py" in warning and "limit" in warning for warning in loaded.warnings)


def test_too_much_code_is_refused_before_parsing(tmp_path):
    (tmp_path / "data.py").write_text("x = 1\n" * 100_000)
    assert_error_names(load_submission(tmp_path / "data.py"), "data.py", "600,000 characters of code")


def test_a_folder_reads_a_bounded_amount(tmp_path, monkeypatch):
    monkeypatch.setattr(loading_files, "MAX_FOLDER_FILES", 3)
    monkeypatch.setattr(loading_submission, "MAX_FOLDER_CODE_CHARS", 30)
    for name in "abcd":
        (tmp_path / f"{name}.py").write_text(f"def {name}():\n    pass\n")
    loaded = load_submission(tmp_path)
    assert [unit.module for unit in loaded.units] == ["a", "b"]
    assert loaded.warnings == [
        "the folder holds over 3 source files; the rest are skipped",
        "c.py is skipped: the folder's other files already hold 30 characters of code, the limit for one "
        "submission",
    ]


def test_a_folder_looks_at_a_bounded_number_of_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(loading_files, "MAX_FOLDER_ENTRIES", 5)
    for number in range(10):
        (tmp_path / f"m{number}.py").write_text("x = 1\n")
    loaded = load_submission(tmp_path)
    assert len(loaded.units) == 5
    assert loaded.warnings == ["the folder holds over 5 entries; the rest are not read"]


def test_a_symlink_loop_in_a_folder_terminates(tmp_path):
    (tmp_path / "ch05").mkdir()
    (tmp_path / "ch05" / "layers.py").write_text("class Relu:\n    pass\n")
    os.symlink(tmp_path, tmp_path / "ch05" / "up")
    os.symlink(tmp_path / "ch05", tmp_path / "again")
    os.symlink("self.py", tmp_path / "self.py")
    loaded = load_submission(tmp_path)
    assert loaded.error is None
    assert [unit.filename for unit in loaded.units] == ["ch05/layers.py"]
    assert any("again" in warning and "not followed" in warning for warning in loaded.warnings)
    assert any("self.py" in warning for warning in loaded.warnings)


def test_a_link_to_a_file_outside_the_folder_is_not_read(tmp_path):
    outside = tmp_path / "secret.py"
    outside.write_text("TOKEN = 'do not read me'\n")
    (tmp_path / "hw").mkdir()
    (tmp_path / "hw" / "layers.py").write_text("class Relu:\n    pass\n")
    os.symlink(outside, tmp_path / "hw" / "secret.py")
    loaded = load_submission(tmp_path / "hw")
    assert [unit.filename for unit in loaded.units] == ["layers.py"]
    assert any("outside the submission" in warning for warning in loaded.warnings)


def test_an_unreadable_file(tmp_path, monkeypatch):
    target = tmp_path / "layers.py"
    target.write_text("x = 1\n")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if os.fspath(path) == str(target):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(loading_files.os, "open", refuse)
    assert_error_names(load_submission(target), "layers.py", "permission denied")


def test_a_fifo_named_like_source_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "layers.py")
    assert_error_names(load_submission(tmp_path / "layers.py"), "layers.py", "not a regular file")


def test_a_broken_symlink(tmp_path):
    os.symlink(tmp_path / "gone.py", tmp_path / "layers.py")
    assert_error_names(load_submission(tmp_path / "layers.py"), "layers.py", "broken symbolic link")


@pytest.mark.parametrize("name", ["layers.txt", "layers", "notes.md"])
def test_only_py_ipynb_or_folders_are_accepted(tmp_path, name):
    (tmp_path / name).write_text("class Relu:\n    pass\n")
    assert_error_names(load_submission(tmp_path / name), name, ".py file", ".ipynb notebook", "folder")


def test_a_file_where_nothing_parses(tmp_path):
    (tmp_path / "layers.py").write_text("\n\nx = [1,\ny = )\n")
    loaded = load_submission(tmp_path / "layers.py")
    assert_error_names(loaded, "layers.py", "no statement could be parsed", "SyntaxError at line")


def test_a_component_that_does_not_parse_is_the_students_and_fails(tmp_path):
    (tmp_path / "layers.py").write_text("\n\nclass Relu\n    def forward(self, x):\n        return x\n")
    loaded = load_submission(tmp_path / "layers.py")
    assert loaded.error is None and "Relu" not in loaded.preferred
    [broken] = loaded.broken
    assert (broken.name, broken.kind, broken.found_as, broken.where) == ("Relu", "class", "layers.py:Relu", "line 3")
    assert broken.message().startswith("class Relu in layers.py does not parse: SyntaxError: ")
    assert broken.hint == "a `def`, `class`, `if`, `for` or `while` line ends with a colon `:`"


def test_a_notebook_where_no_cell_parses(tmp_path):
    write_notebook(tmp_path / "nb.ipynb", "md:# Title", "x = (", "def f(:\n    pass")
    loaded = load_submission(tmp_path / "nb.ipynb")
    assert_error_names(loaded, "nb.ipynb", "no cell could be parsed", "cell 2")


def test_code_nested_too_deeply_for_the_parser_is_only_skipped(tmp_path):
    (tmp_path / "layers.py").write_text("x = " + "-" * 200_000 + "1\n\ndef softmax(x):\n    return x\n")
    loaded = load_submission(tmp_path / "layers.py")
    assert loaded.error is None and "softmax" in loaded.preferred
    assert any("line 1" in warning for warning in loaded.warnings)


def test_loading_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    (tmp_path / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n"
        f"def softmax(x, _=open({str(marker)!r}, 'w')):\n    return x\n"
        "import a_module_that_does_not_exist\n"
    )
    loaded = load_submission(tmp_path / "evil.py", exec_all=True)
    assert loaded.error is None and not marker.exists()


# --- Definitions only -------------------------------------------------------------------------------


def test_a_syntax_error_in_one_class_keeps_the_other_classes():
    loaded = load_submission(DATA / "broken_layers.py")
    assert loaded.error is None
    assert sorted(loaded.preferred) == ["Relu", "Sigmoid"]
    assert loaded.preferred["Relu"].line == 10  # not the one in the string at the top
    [warning] = loaded.warnings  # the message in brackets depends on the Python version
    assert warning.startswith("broken_layers.py line 30: class Affine does not parse (SyntaxError: ")
    assert warning.endswith(") — this definition is skipped (hint: a `def`, `class`, `if`, `for` or `while` line ends "
                            "with a colon `:`)")
    [broken] = loaded.broken  # Affine is the student's, and fails
    assert (broken.name, broken.where) == ("Affine", "line 30")
    assert loaded.units[0].dropped == ["line 44: print(Relu().forward(np.array([-1.0, 2.0])))"]


def test_salvage_keeps_decorators_and_continued_lines_with_their_statement(tmp_path):
    source = (
        "import numpy as np\n"
        "@staticmethod\n"
        "def helper(x):\n"
        "    return (x +\n"
        "1)\n"
        "try:\n"
        "    import cupy as cp\n"
        "except ImportError:\n"
        "    cp = None\n"
        "def broken(:\n"
        "    pass\n"
        "class Relu:\n"
        "    pass\n"
    )
    (tmp_path / "layers.py").write_text(source)
    loaded = load_submission(tmp_path / "layers.py")
    assert chunk_codes(loaded) == [
        "import numpy as np",
        "@staticmethod\ndef helper(x):\n    return (x +\n1)",
        "try:\n    import cupy as cp\nexcept ImportError:\n    cp = None",
        "class Relu:\n    pass",
    ]
    assert loaded.warnings == ["layers.py line 10: function broken does not parse (SyntaxError: invalid syntax) "
                               "— this definition is skipped"]


def test_constants_read_by_definitions_are_kept_transitively(tmp_path):
    (tmp_path / "functions.py").write_text(
        "EPS = 1e-4\n"
        "delta = EPS * 1e-3\n"
        "unused = 3\n"
        "network = None\n"
        "def cross_entropy_error(y, t):\n"
        "    return -(t * (y + delta)).sum()\n"
        "softmax = lambda x: x\n"
    )
    loaded = load_submission(tmp_path / "functions.py")
    assert [chunk.names for chunk in loaded.units[0].chunks] == [["EPS"], ["delta"], ["cross_entropy_error"],
                                                                 ["softmax"]]
    assert loaded.units[0].dropped == ["line 3: unused = 3", "line 4: network = None"]


def test_the_dataset_a_training_function_reads_is_not_loaded(tmp_path):
    """The book's dataset/mnist.py downloads MNIST when it has no copy: loading definitions must not run it."""
    (tmp_path / "train.py").write_text(
        "from dataset.mnist import load_mnist\n"
        "(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)\n"
        "batch_size = 100\n"
        "def train(network):\n"
        "    return network.gradient(x_train[:batch_size], t_train[:batch_size])\n"
    )
    unit = load_submission(tmp_path / "train.py").units[0]
    assert [chunk.names for chunk in unit.chunks] == [["load_mnist"], ["batch_size"], ["train"]]
    assert set(unit.unrun) >= {"x_train", "t_train"}


def test_an_assignment_to_a_component_name_defines_it(tmp_path):
    (tmp_path / "layers.py").write_text("class ReLU:\n    def forward(self, x):\n        pass\nRelu = ReLU\n")
    loaded = load_submission(tmp_path / "layers.py")
    assert chunk_codes(loaded) == ["class ReLU:\n    def forward(self, x):\n        pass", "Relu = ReLU"]
    relu = loaded.preferred["Relu"]
    assert (relu.name, relu.how, relu.kind, relu.line) == ("Relu", "exact", "class", 4)
    assert relu.methods == ["forward"]


def test_the_main_guard_and_top_level_runs_are_dropped(tmp_path):
    (tmp_path / "naive.py").write_text(
        "import sys, os\n"
        "sys.path.append(os.pardir)\n"
        "if __name__ == '__main__':\n"
        "    import numpy as np\n"
        "class MulLayer:\n"
        "    pass\n"
        "m = MulLayer()\n"
        "print(m)\n"
        "if True:\n"
        "    from typing import List\n"
    )
    loaded = load_submission(tmp_path / "naive.py")
    unit = loaded.units[0]
    assert [(chunk.kind, chunk.code) for chunk in unit.chunks] == [  # in the order written
        ("import", "import sys"),
        ("import", "import os"),
        ("def", "class MulLayer:\n    pass"),
        ("import", "if True:\n    from typing import List"),
    ]
    assert unit.dropped == [
        "line 2: sys.path.append(os.pardir)",
        "line 3: if __name__ == '__main__':",
        "line 7: m = MulLayer()",
        "line 8: print(m)",
    ]


def test_exec_all_keeps_every_statement_in_order(tmp_path):
    (tmp_path / "run.py").write_text("class Relu:\n    pass\nprint(Relu())\nimport os; x = 1\n")
    unit = load_submission(tmp_path / "run.py", exec_all=True).units[0]
    assert [(chunk.kind, chunk.code, chunk.line) for chunk in unit.chunks] == [
        ("def", "class Relu:\n    pass", 1),
        ("other", "print(Relu())", 3),
        ("import", "import os", 4),
        ("const", "x = 1", 4),
    ]
    assert unit.dropped == []


def test_chunks_compile_with_the_line_numbers_of_the_file(tmp_path):
    (tmp_path / "net.py").write_text(
        "import numpy as np\n\n\nclass Relu:\n    pass\n\nprint(1)\n\ndef f():\n    pass\n"
    )
    unit = load_submission(tmp_path / "net.py").units[0]
    for chunk in unit.chunks:
        assert ast.parse(chunk.positioned_code()).body[0].lineno == chunk.line
    assert [chunk.line for chunk in unit.chunks] == [1, 4, 9]
    ast.parse(unit.code)


def test_np_used_without_import_is_flagged(tmp_path):
    (tmp_path / "layers.py").write_text(
        "class Sigmoid:\n    def forward(self, x):\n        return 1 / (1 + np.exp(-x))\n"
    )
    loaded = load_submission(tmp_path / "layers.py")
    assert loaded.needs_numpy_alias and loaded.units[0].needs_numpy_alias
    assert loaded.warnings == [
        "layers.py uses `np` without importing it; numpy was provided (add `import numpy as np` so that the file runs "
        "on its own)"
    ]
    write_notebook(tmp_path / "nb.ipynb", "class Sigmoid:\n    def forward(self, x):\n        return np.exp(-x)")
    assert load_submission(tmp_path / "nb.ipynb").warnings == [
        "nb.ipynb uses `np` without importing it; numpy was provided (add `import numpy as np` to its first cell)"]


@pytest.mark.parametrize(
    "binding",
    [
        "import numpy as np",
        "from common.functions import *",
        "from mylib.stuff import *",
        "np = __import__('numpy')",
    ],
)
def test_np_brought_by_an_import_is_not_flagged(tmp_path, binding):
    (tmp_path / "layers.py").write_text(f"{binding}\ndef softmax(x):\n    return np.exp(x)\n")
    loaded = load_submission(tmp_path / "layers.py", shims=("mylib",))
    assert not loaded.needs_numpy_alias and loaded.warnings == []


def test_a_star_import_from_a_module_without_np_does_not_bring_it(tmp_path):
    (tmp_path / "layers.py").write_text("from math import *\ndef softmax(x):\n    return np.exp(x)\n")
    assert load_submission(tmp_path / "layers.py").needs_numpy_alias


# --- Notebooks --------------------------------------------------------------------------------------

STUDENT_CELLS = (
    "md:# Chapter 5: backpropagation",
    "%matplotlib inline\nimport sys, os\nsys.path.append(os.pardir)\nimport numpy as np",
    "!pip install numpy",
    "from common.functions import *\nfrom dataset.mnist import load_mnist",
    "class MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n\n"
    "apple = 100\nmul_apple_layer = MulLayer()\nprint(mul_apple_layer.forward(apple, 2))",
    "class Sigmod:\n    def forward(self, x):\n        return 1 / (1 + np.exp(-x))",
    "class Relu:\n    def forwark(self, x):\n        return np.maximum(0, x)",
    "class Affine:\n    def forward(self, x)\n        return x @ self.W",
    "from common.layers import *",
    "(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)\n"
    "network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)\n"
    "for i in range(10000):\n    grad = network.gradient(x_train[:100], t_train[:100])",
    "%%time\nfor i in range(3):\n    pass",
    "delta = 1e-7\n\ndef cross_entropy_error(y, t):\n    return -np.sum(t * np.log(y + delta))",
    'print("%d items"\n      % 3)\n%time x = 1\nfor i in range(2):\n    !echo {i}\n',
)


@pytest.fixture
def student_notebook(tmp_path):
    return load_submission(write_notebook(tmp_path / "ch05 Backprop.ipynb", *STUDENT_CELLS))


def test_a_student_notebook_loads_definitions_only(student_notebook):
    loaded = student_notebook
    assert loaded.error is None
    [unit] = loaded.units
    assert unit.module == "submission" and unit.filename == "ch05 Backprop.ipynb"
    assert [chunk.code for chunk in unit.chunks if chunk.kind == "import"] == [
        "import sys",
        "import os",
        "import numpy as np",
        "from common.functions import *",
        "from dataset.mnist import load_mnist",
        "from common.layers import *",
    ]
    assert [(chunk.kind, chunk.names, chunk.where) for chunk in unit.chunks if chunk.kind != "import"] == [
        ("def", ["MulLayer"], "cell 5, line 1"),
        ("def", ["Sigmod"], "cell 6, line 1"),
        ("def", ["Relu"], "cell 7, line 1"),
        ("const", ["delta"], "cell 12, line 1"),
        ("def", ["cross_entropy_error"], "cell 12, line 3"),
    ]
    assert not loaded.needs_numpy_alias
    ast.parse(unit.code)


def test_a_student_notebook_reports_what_it_dropped(student_notebook):
    dropped = student_notebook.units[0].dropped
    for expected in [
        "cell 2, line 1: %matplotlib inline",
        "cell 3, line 1: !pip install numpy",
        "cell 13, line 3: %time x = 1",
        "cell 13, line 5: !echo {i}",
        "cell 2, line 3: sys.path.append(os.pardir)",
        "cell 5, line 8: print(mul_apple_layer.forward(apple, 2))",
        "cell 10, line 3: for i in range(10000):",
        'cell 13, line 1: print("%d items"',
    ]:
        assert expected in dropped


def test_a_student_notebook_warns_about_what_needs_attention(student_notebook):
    warnings = student_notebook.warnings
    assert len(warnings) == 3
    assert warnings[0].startswith("ch05 Backprop.ipynb cell 8, line 2: class Affine does not parse (SyntaxError: ")
    assert "— this definition is skipped" in warnings[0]
    assert warnings[1] == ("ch05 Backprop.ipynb cell 11: `%%time` makes it an IPython cell, not Python; "
                           "the cell is skipped")
    assert warnings[2] == (
        "ch05 Backprop.ipynb cell 9, line 1: `from common.layers import *` comes after your definitions of "
        "MulLayer (cell 5, line 1), Relu (cell 7, line 1): code that runs after it uses what it imports, as when "
        "you ran the code; your own definitions are still the ones graded"
    )


def test_a_later_import_over_many_definitions_names_a_few_and_keeps_the_warning_whole(tmp_path):
    layers = "".join(f"class {name}:\n    pass\n\n" for name in ("MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine",
                                                                  "SoftmaxWithLoss"))
    (tmp_path / "layers.py").write_text(layers + "from common.layers import *\n")
    [warning] = load_submission(tmp_path / "layers.py").warnings
    assert "MulLayer (line 1), AddLayer (line 4), Relu (line 7), Sigmoid (line 10) and 2 more:" in warning
    assert warning.endswith("your own definitions are still the ones graded")


def test_a_student_notebook_suggests_names_and_methods(student_notebook):
    loaded = student_notebook
    assert sorted(loaded.preferred) == ["MulLayer", "Relu", "cross_entropy_error"]
    assert loaded.preferred["Relu"].found_as == "ch05 Backprop.ipynb:Relu"
    assert loaded.suggestions == {"Sigmoid": "did you mean `Sigmod`? If so, run with --alias Sigmoid=Sigmod"}
    assert near_miss_methods(loaded.preferred["Relu"].methods) == {"forward": "forwark"}
    assert static_methods(loaded.units[0].code, "Relu") == ["forwark"]


def test_an_alias_maps_a_misspelt_component(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", *STUDENT_CELLS)
    loaded = load_submission(path, aliases={"Sigmoid": "Sigmod"})
    assert loaded.preferred["Sigmoid"].how == "alias" and "Sigmoid" not in loaded.suggestions


def test_exec_all_keeps_the_notebook_in_order_without_ipython(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", *STUDENT_CELLS)
    unit = load_submission(path, exec_all=True).units[0]
    assert [chunk.where for chunk in unit.chunks][:3] == ["cell 2, line 2"] * 2 + ["cell 2, line 3"]
    assert "for i in range(10000):" in unit.code and '"%d items"\n      % 3)' in unit.code
    assert not any(magic in unit.code for magic in ["%matplotlib", "!pip", "%time", "!echo"])
    ast.parse(unit.code)


# --- Folders ----------------------------------------------------------------------------------------


def test_a_book_style_folder_prefers_chapter_5():
    loaded = load_submission(DATA / "book_folder")
    assert loaded.error is None and loaded.warnings == []
    assert [unit.module for unit in loaded.units] == [
        "ch05.layer_naive", "ch05.train_neuralnet", "ch05.two_layer_net", "common", "common.functions",
        "common.layers", "dataset", "dataset.mnist",
    ]
    assert loaded.provided_modules == [
        "ch05", "ch05.layer_naive", "ch05.train_neuralnet", "ch05.two_layer_net", "common",
        "common.functions", "common.layers", "dataset", "dataset.mnist",
    ]
    assert [c.found_as for c in loaded.definitions["TwoLayerNet"]] == [
        "ch05/two_layer_net.py:TwoLayerNet", "common/layers.py:TwoLayerNet",
    ]
    assert {name: c.found_as for name, c in loaded.preferred.items()} == {
        "MulLayer": "ch05/layer_naive.py:MulLayer",
        "AddLayer": "ch05/layer_naive.py:AddLayer",
        "Relu": "common/layers.py:Relu",
        "SoftmaxWithLoss": "common/layers.py:SoftmaxWithLoss",
        "TwoLayerNet": "ch05/two_layer_net.py:TwoLayerNet",
        "softmax": "common/functions.py:softmax",
        "cross_entropy_error": "common/functions.py:cross_entropy_error",
    }
    assert not loaded.should_shim("common.layers") and loaded.should_shim("common.util")


def test_a_book_style_folder_keeps_definitions_only():
    units = {unit.module: unit for unit in load_submission(DATA / "book_folder").units}
    assert [c.code for c in units["ch05.train_neuralnet"].chunks] == [
        "import os",
        "import sys",
        "from dataset.mnist import load_mnist",
        "from two_layer_net import TwoLayerNet",
    ]
    assert [c.names for c in units["dataset.mnist"].chunks] == [["os"], ["dataset_dir"], ["load_mnist"]]
    assert units["common"].chunks == [] and units["common"].is_package
    assert units["ch05.two_layer_net"].dropped == ["line 4: sys.path.append(os.pardir)"]


def test_a_folder_skips_caches_hidden_and_virtualenv_folders(tmp_path):
    for folder in ["__pycache__", ".ipynb_checkpoints", "venv", "myenv", "lib/site-packages"]:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "layers.py").write_text("class Relu:\n    pass\n")
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "._layers.py").write_bytes(b"\x00\x05\x16\x07")
    (tmp_path / "my layers.py").write_text("class Relu:\n    pass\n")
    loaded = load_submission(tmp_path)
    assert [(unit.module, unit.filename) for unit in loaded.units] == [("my_layers", "my layers.py")]


def test_a_folder_names_notebooks_as_modules_and_keeps_bad_files_as_warnings(tmp_path):
    (tmp_path / "layers.py").write_text("def softmax(x):\n    return x\n")
    write_notebook(tmp_path / "layers.ipynb", "class Relu:\n    pass")
    write_notebook(tmp_path / "5-two layer.ipynb", "class TwoLayerNet:\n    pass")
    (tmp_path / "bad.py").write_bytes(b"\xff\xfe")
    loaded = load_submission(tmp_path)
    assert [unit.module for unit in loaded.units] == ["layers", "_5_two_layer", "layers_2"]
    assert loaded.preferred["Relu"].found_as == "layers.ipynb:Relu"
    assert loaded.warnings == ["bad.py is not UTF-8 text: byte 0xff at offset 0 (line 1) cannot be decoded; "
                               "save the file as UTF-8"]


def test_odd_names_still_make_modules(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "__init__.py").write_text("from ..escape import *\nfrom . import layers\n")
    (tmp_path / "class" / "²layers.py").write_text("class Relu:\n    pass\n")
    loaded = load_submission(tmp_path)
    assert [(unit.module, unit.is_package) for unit in loaded.units] == [
        ("class_", True),
        ("class_.__layers", False),
    ]
    assert loaded.provided_modules == ["class_", "class_.__layers"]
    [warning] = loaded.warnings
    assert warning == "__init__.py is not read: the submission folder itself is not run as a package"


def test_a_folder_where_no_file_can_be_read(tmp_path):
    (tmp_path / "a.py").write_bytes(b"\x00")
    loaded = load_submission(tmp_path)
    assert_error_names(loaded, str(tmp_path), "none of its 1 Python files", "a.py is a binary")


def test_a_star_import_from_the_students_own_module_brings_np_only_if_it_binds_it(tmp_path):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "functions.py").write_text("import numpy as np\n")
    (tmp_path / "common" / "util.py").write_text("import math\n")
    (tmp_path / "common" / "layers.py").write_text("from .functions import *\nclass Relu:\n    x = np\n")
    (tmp_path / "net.py").write_text("from common.util import *\nclass TwoLayerNet:\n    x = np\n")
    loaded = load_submission(tmp_path)
    assert {unit.module: unit.needs_numpy_alias for unit in loaded.units} == {
        "common.functions": False, "common.layers": False, "common.util": False, "net": True,
    }


# --- Names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "defined, component, name, how",
    [
        ({"Relu": "class"}, "Relu", "Relu", "exact"),
        ({"ReLU": "class"}, "Relu", "ReLU", "case-insensitive"),
        ({"sigmoid": "function"}, "Sigmoid", None, None),
        ({"Softmax": "function"}, "softmax", "Softmax", "case-insensitive"),
        ({"Softmax": "class"}, "softmax", None, None),
        ({"ReLU": "class", "Relu": "class"}, "Relu", "Relu", "exact"),
        ({"Sigmod": "class"}, "Sigmoid", None, None),
        # Spelt alike (case and underscores aside), and layers named as layers, as real students name them
        ({"Softmax_With_Loss": "class"}, "SoftmaxWithLoss", "Softmax_With_Loss", "spelt alike"),
        ({"soft_max": "function"}, "softmax", "soft_max", "spelt alike"),
        ({"crossEntropyError": "function"}, "cross_entropy_error", "crossEntropyError", "spelt alike"),
        ({"AffineLayer": "class"}, "Affine", "AffineLayer", "layer name"),
        ({"ReLU_Layer": "class"}, "Relu", "ReLU_Layer", "layer name"),
        ({"SoftmaxWithLossLayer": "class"}, "SoftmaxWithLoss", "SoftmaxWithLossLayer", "layer name"),
        ({"MultiplyLayer": "class"}, "MulLayer", "MultiplyLayer", "layer name"),
        ({"relu_layer": "function"}, "Relu", None, None),  # a function is not the layer
    ],
)
def test_match_components(defined, component, name, how):
    match = match_components(defined)[component]
    assert (match.name, match.how) == (name, how)


@pytest.mark.parametrize(
    "defined, component, near",
    [
        ({"Sigmod": "class"}, "Sigmoid", "Sigmod"),
        ({"TwoLayerNetwork": "class"}, "TwoLayerNet", "TwoLayerNetwork"),
        ({"Afine": "class"}, "Affine", "Afine"),
        ({"softmx": "function"}, "softmax", "softmx"),
        ({"SigmodLayer": "class"}, "Sigmoid", "SigmodLayer"),
        ({"AffineLyaer": "class"}, "Affine", "AffineLyaer"),  # a layer's name, misspelt
        ({"TwoLayer": "class"}, "TwoLayerNet", "TwoLayer"),
        ({"TwoLayerNeuralNetwork": "class"}, "TwoLayerNet", "TwoLayerNeuralNetwork"),
        ({"MultiLayer": "class"}, "MulLayer", "MultiLayer"),  # a multiplication layer, or a many-layer net?
    ],
)
def test_near_misses_are_suggested_not_matched(defined, component, near):
    match = match_components(defined)[component]
    assert match.name is None
    assert match.suggestion == f"did you mean `{near}`? If so, run with --alias {component}={near}"


def test_near_misses_need_the_same_kind_and_leave_matched_names_alone():
    assert match_components({"sigmoid": "function"})["Sigmoid"].suggestion is None
    for network in ("MultiLayerNet", "Multi_Layer_Net", "MultiLayerNetwork"):  # chapter 6's network
        assert match_components({network: "class"})["TwoLayerNet"].suggestion is None
    for base in ("Layer", "BaseLayer"):  # the class a student's layers inherit from
        assert match_components({base: "class"})["MulLayer"].suggestion is None
    matches = match_components({"Relu": "class"}, components={"Relu": "class", "Relu6": "class"})
    assert matches["Relu6"] == Match(None, None, None)


def test_aliases_override_and_say_when_the_name_is_missing():
    aliases = {"Relu": "MyRelu", "Affine": "Aff"}
    matches = match_components({"Relu": "class", "MyRelu": "class"}, aliases=aliases)
    assert (matches["Relu"].name, matches["Relu"].how) == ("MyRelu", "alias")
    assert matches["Affine"].suggestion == "--alias Affine=Aff was given, but nothing named `Aff` is defined"


@pytest.mark.parametrize(
    "methods, expected, misses",
    [
        (["forwark", "backward"], ("forward", "backward"), {"forward": "forwark"}),
        (["foward", "backword"], ("forward", "backward"), {"forward": "foward", "backward": "backword"}),
        (["__int__", "forward", "backward"], ("__init__", "forward", "backward"), {"__init__": "__int__"}),
        (["forward", "backward"], ("forward", "backward"), {}),
        (["forward"], ("forward", "backward"), {}),
    ],
)
def test_near_miss_methods(methods, expected, misses):
    assert near_miss_methods(methods, expected) == misses


def test_static_methods_reads_the_last_definition_and_survives_bad_code():
    code = "class A:\n    def f(self): pass\nclass A:\n    def g(self): pass\n    async def h(self): pass\n"
    assert static_methods(code, "A") == ["g", "h"]
    assert static_methods(code, "B") == []
    assert static_methods("class A(:", "A") == []


# --- What runs, and which definition counts, in code written as real students write it ---------------


def write_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_demo_whose_name_is_only_a_local_of_a_method_is_not_run(tmp_path):
    (tmp_path / "net.py").write_text(
        "class Net:\n    def gradient(self, x):\n        grads = {}\n        return grads\n"
        "grads = Net().gradient(1)  # a slow demo at top level\n"
        "scale = 2\n"
        "def double(x):\n    return scale * x\n"
    )
    assert chunk_codes(load_submission(tmp_path / "net.py")) == [
        "class Net:\n    def gradient(self, x):\n        grads = {}\n        return grads",
        "scale = 2",
        "def double(x):\n    return scale * x",
    ]


def test_a_switch_that_chooses_an_import_is_kept_with_its_prints(tmp_path):
    source = "GPU = False\nif GPU:\n    import cupy as np\n    print('GPU')\nelse:\n    import numpy as np\n"
    (tmp_path / "np_switch.py").write_text(source)
    assert chunk_codes(load_submission(tmp_path / "np_switch.py"), "import") == [source[12:].rstrip("\n")]


@pytest.mark.parametrize("switch", [
    "if True:\n    train(10000)\n",  # nothing but a call: not a switch of imports
    "if GPU:\n    import cupy as np\n    train(10000)\n",
    "if GPU:\n    print('GPU')\n",
])
def test_a_switch_that_runs_more_than_imports_and_prints_is_not_run_while_loading(tmp_path, switch):
    (tmp_path / "layers.py").write_text(f"GPU = False\n{switch}class Relu:\n    pass\n")
    loaded = load_submission(tmp_path / "layers.py")
    assert chunk_codes(loaded) == ["class Relu:\n    pass"]


def test_a_constant_that_another_module_imports_by_name_is_kept(tmp_path):
    write_tree(tmp_path, {"common/config.py": "GPU = False\nDEMO = print('hello')\n",
                          "common/np.py": "from common.config import GPU\n"})
    loaded = load_submission(tmp_path)
    config = next(u for u in loaded.units if u.module == "common.config")
    assert [c.code for c in config.chunks] == ["GPU = False"]


def test_a_constant_that_a_file_imports_from_its_own_folder_by_bare_name_is_kept(tmp_path):
    write_tree(tmp_path, {"ch05/settings.py": "WEIGHT_STD = 0.01\nDEMO = print('hello')\n",
                          "ch05/net.py": "from settings import WEIGHT_STD\n"})
    settings = next(u for u in load_submission(tmp_path).units if u.module == "ch05.settings")
    assert [c.code for c in settings.chunks] == ["WEIGHT_STD = 0.01"]


@pytest.mark.parametrize("chapter_5, other", [
    ("chap5/layer.py", "common/layers.py"),
    ("chapter05/net.py", "chapter04/net.py"),
    ("chapter_5_backpropagation/x.py", "chapter_4_learning/x.py"),
    ("5장 오차역전파법/layers.py", "4장/layers.py"),
    ("第5章/layers.py", "第4章/layers.py"),
    ("5/relu.py", "common/layers.py"),  # folders named by the chapter's number alone
    ("05/relu.py", "04/relu.py"),
    ("chapter_five/layers.py", "common/layers.py"),
    ("第五章/layers.py", "common/layers.py"),
    ("notebooks/05-backprop.py", "notebooks/04-learning.py"),
    ("ch05/two_layer_net.py", "ch05/common/two_layer_net.py"),  # the chapter's own code before its helper copies
])
def test_chapter_5s_own_definition_is_the_one_graded(tmp_path, chapter_5, other):
    relu = "class Relu:\n    def forward(self, x):\n        return x\n\n    def backward(self, d):\n        return d\n"
    loaded = load_submission(write_tree(tmp_path, {other: relu, chapter_5: relu}))
    assert loaded.preferred["Relu"].filename == chapter_5


def test_a_section_numbered_5_of_another_chapter_is_not_chapter_5(tmp_path):
    relu = "class Relu:\n    def forward(self, x):\n        return x\n\n    def backward(self, d):\n        return d\n"
    loaded = load_submission(write_tree(tmp_path, {"第3章-神经网络/05-输出层.py": relu, "common/layers.py": relu}))
    assert loaded.preferred["Relu"].filename == "common/layers.py"  # common/ before the rest, chapter 5 before both


def test_of_two_networks_the_one_built_from_layers_is_graded(tmp_path):
    loaded = load_submission(write_tree(tmp_path, {
        "package/two_layer_net_1.py": "class TwoLayerNet:\n    def numerical_gradient(self, x, t):\n        pass\n",
        "package/two_layer_net_2.py": "class TwoLayerNet:\n    def __init__(self):\n        self.a = Affine()\n"
                                      "    def gradient(self, x, t):\n        pass\n",
    }))
    assert loaded.preferred["TwoLayerNet"].filename == "package/two_layer_net_2.py"


def test_of_two_definitions_alike_the_one_other_files_import_is_graded(tmp_path):
    relu = "class Relu:\n    def forward(self, x):\n        return x\n\n    def backward(self, d):\n        return d\n"
    loaded = load_submission(write_tree(tmp_path, {
        "lib/a.py": relu, "lib/b.py": relu, "run.py": "from b import Relu\n", "run2.py": "from lib.b import *\n"}))
    assert loaded.preferred["Relu"].filename == "lib/b.py"


def test_a_component_taken_from_outside_chapter_5_says_what_chapter_5_has(tmp_path):
    loaded = load_submission(write_tree(tmp_path, {
        "lib/net.py": "class TwoLayerNet:\n    def gradient(self, x, t):\n        return Affine, Relu\n",
        "chapter05/net.py": "class TwoLayer:\n    pass\n",
    }))
    assert ("TwoLayerNet is graded from lib/net.py:TwoLayerNet, outside chapter 5's folder; chapter05/net.py: "
            "did you mean `TwoLayer`? If so, run with --alias TwoLayerNet=TwoLayer") in loaded.warnings


def test_chapter_4s_network_is_set_aside_and_chapter_5s_near_miss_suggested(tmp_path):
    loaded = load_submission(write_tree(tmp_path, {
        "chapter04/net.py": "class TwoLayerNet:\n    def predict(self, x):\n        return sigmoid(x)\n",
        "chapter05/net.py": "class TwoLayer:\n    pass\n",
    }))
    assert "TwoLayerNet" not in loaded.preferred and "TwoLayerNet" not in loaded.definitions
    assert [c.found_as for c in loaded.set_aside["TwoLayerNet"]] == ["chapter04/net.py:TwoLayerNet"]
    assert loaded.suggestions["TwoLayerNet"] == "did you mean `TwoLayer`? If so, run with --alias TwoLayerNet=TwoLayer"


def test_a_unit_knows_what_it_imports_and_the_names_it_uses_without_binding(tmp_path):
    (tmp_path / "net.py").write_text(
        "import numpy as np\nfrom layers import *\nfrom .x import y\n"
        "class Net(Base):\n    def f(self, x):\n        import functions as F\n"
        "        return F.softmax(Affine(x)) + np.sum(x) + len(x)\n"
    )
    unit = load_submission(tmp_path / "net.py").units[0]
    assert [(r.module, r.names, r.where) for r in unit.imports] == [
        ("numpy", [], "line 1"), ("layers", ["*"], "line 2"), ("functions", [], "line 6")]
    assert unit.free_names == ["Affine", "Base"]
