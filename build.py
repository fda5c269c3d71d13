#!/usr/bin/env python3
"""Build the course into a static site: ``python build.py --help`` lists the options."""

import sys

from convlab.builder import build, check
from convlab.cli import options_from, parse_args, report
from convlab.serve import serve


def main(argv=None) -> int:
    args = parse_args(argv)
    options = options_from(args)
    result = check(options) if args.check else build(options)
    report(result, options, checked_only=args.check)
    if result.errors:
        return 1
    if args.serve and not args.check:
        serve(options.out_dir, args.host, args.port, options.base_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
