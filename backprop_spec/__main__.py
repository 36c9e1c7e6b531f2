import sys

from backprop_spec.cli import main

sys.exit(main())
