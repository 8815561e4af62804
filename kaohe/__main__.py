"""Allow `python -m kaohe`."""

from kaohe.cli import main

raise SystemExit(main())
