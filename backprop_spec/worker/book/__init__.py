"""What the book's helper modules define beyond what the reference needs, so that a submission that imports
it (``from common.functions import sigmoid_grad``) runs as it did on the student's machine.

These files are not imported: the worker compiles each one after the reference's file of the same name and
runs both as one helper module (see ``backprop_spec.worker.shims``).
"""
