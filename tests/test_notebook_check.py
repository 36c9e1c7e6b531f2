"""check() in a real Jupyter kernel: a notebook built with nbformat and run by nbclient on ipykernel, as a
student runs it. The kernel is this interpreter, from a kernel spec written to a temporary JUPYTER_PATH (so a
fresh tox environment needs nothing installed globally)."""
import json
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from html_table import statuses
from nbclient import NotebookClient

KERNEL = "backprop-spec-test"
RELU_IGNORES_MASK = (Path(__file__).resolve().parent.parent / "fixtures" / "impls" / "buggy" /
                     "relu_backward_ignores_mask.py").read_text(encoding="utf-8")

CELLS = {
    "imports": """
        import numpy as np
        from backprop_spec import check
        """,
    "affine": """
        class Affine:
            def __init__(self, W, b):
                self.W, self.b = W, b

            def forward(self, x):
                self.original_x_shape = x.shape
                self.x = x.reshape(x.shape[0], -1)
                return self.x @ self.W + self.b

            def backward(self, dout):
                self.dW = self.x.T @ dout
                self.db = dout.sum(axis=0)
                return (dout @ self.W.T).reshape(self.original_x_shape)
        """,
    "relu": RELU_IGNORES_MASK,  # backward forgets the mask
    "sigmoid": """
        class Sigmoid:
            def forward(self, x):
                while True:
                    pass

            def backward(self, dout):
                return dout
        """,
    "losses": """
        def softmax(x):
            x = x - x.max(axis=-1, keepdims=True)
            return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)

        def cross_entropy_error(y, t):
            if y.ndim == 1:
                y, t = y.reshape(1, -1), t.reshape(1, -1)
            if t.size == y.size:
                t = t.argmax(axis=1)
            return -np.sum(np.log(y[np.arange(len(y)), t] + 1e-7)) / len(y)

        class SoftmaxWithLoss:  # calls the softmax and cross_entropy_error of this notebook
            def forward(self, x, t):
                self.t, self.y = t, softmax(x)
                return cross_entropy_error(self.y, t)

            def backward(self, dout=1):
                t = self.t if self.t.size == self.y.size else np.eye(self.y.shape[1])[self.t]
                return (self.y - t) / len(self.y)
        """,
    "check_affine": "check(Affine)",
    "check_relu": "check(Relu)",
    "check_sigmoid": """
        import time
        started = time.perf_counter()
        sigmoid = check(Sigmoid, timeout=0.3)
        print(f"{time.perf_counter() - started:.3f}")
        sigmoid
        """,
    "alive": """
        import signal
        print("alive", signal.getsignal(signal.SIGALRM) == signal.SIG_DFL, signal.getitimer(signal.ITIMER_REAL))
        """,
    "check_swl": "check(SoftmaxWithLoss).passed",
    "check_everything": "everything = check(timeout=1.0)\neverything",
    "passed": "print(everything.passed, sorted(everything.components))",
}


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    """The notebook of CELLS after a real kernel ran it, and the folder it ran in."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "backprop-spec tests", "language": "python",
    }), encoding="utf-8")
    folder = tmp_path_factory.mktemp("notebook")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(source).strip(), id=name) for name, source in CELLS.items()]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PATH", str(jupyter))
        env.setenv("JUPYTER_RUNTIME_DIR", str(jupyter / "runtime"))
        env.setenv("IPYTHONDIR", str(jupyter / "ipython"))
        NotebookClient(nb, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    return {cell.id: cell for cell in nb.cells}, folder


def result(cells, name, mime):
    [output] = [o for o in cells[name].outputs if o.output_type == "execute_result"]
    return output.data[mime]


def test_every_cell_ran_without_an_error(notebook):
    cells, _ = notebook
    assert [name for name, cell in cells.items() if any(o.output_type == "error" for o in cell.outputs)] == []


def test_check_shows_an_html_table_with_each_clauses_status(notebook):
    cells, _ = notebook
    assert statuses(result(cells, "check_affine", "text/html")) == {f"AFF-{i}": "PASS" for i in range(1, 7)}
    assert statuses(result(cells, "check_relu", "text/html")) == \
        {"RELU-1": "PASS", "RELU-2": "FAIL", "RELU-3": "FAIL", "RELU-4": "PASS"}
    assert "backward ignores the mask" in result(cells, "check_relu", "text/html")
    assert result(cells, "check_relu", "text/plain").startswith("Relu: FAIL, 2/5 points")


def test_an_endless_loop_times_out_each_clause_and_the_kernel_goes_on(notebook):
    cells, _ = notebook
    html = result(cells, "check_sigmoid", "text/html")
    assert statuses(html) == {f"SIG-{i}": "TIMEOUT" for i in range(1, 5)}
    assert "Sigmoid.forward(&lt;array (2, 2)&gt;): still running after the clause&#x27;s time limit of 0.3 s" in html
    [printed] = [o.text for o in cells["check_sigmoid"].outputs if o.output_type == "stream"]
    assert float(printed) < 4 * 0.3 + 5  # four clauses of 0.3 s each, not grade's 10 s
    assert cells["alive"].outputs[0].text == "alive True (0.0, 0.0)\n"


def test_names_resolve_in_the_notebooks_namespace(notebook):
    cells, _ = notebook
    assert result(cells, "check_swl", "text/plain") == "True"


def test_check_everything_lists_what_it_did_not_find(notebook):
    cells, _ = notebook
    html = result(cells, "check_everything", "text/html")
    shown = statuses(html)
    assert {i: s for i, s in shown.items() if i.startswith("SIG")} == {f"SIG-{i}": "TIMEOUT" for i in range(1, 5)}
    assert shown["RELU-2"] == "FAIL" and shown["AFF-1"] == "PASS" and shown["SWL-1"] == "PASS"
    assert "not found: MulLayer, AddLayer, numerical_gradient, TwoLayerNet" in html
    text = result(cells, "check_everything", "text/plain")
    assert text.startswith("6 checked: 4 passing, 2 failing")
    assert cells["passed"].outputs[0].text == ("False ['Affine', 'Relu', 'Sigmoid', 'SoftmaxWithLoss', "
                                               "'cross_entropy_error', 'softmax']\n")


def test_check_leaves_no_files_where_the_notebook_runs(notebook):
    _, folder = notebook
    assert sorted(p.name for p in folder.iterdir()) == []
