#!/usr/bin/env python3
"""Build the course into a static site: ``python build.py --help`` lists the options."""

import sys

from convlab.site.builder import build, check
from convlab.cli import options_from, parse_args, report, report_new_chapter


def main(argv=None) -> int:
    args = parse_args(argv)
    options = options_from(args)
    if args.new:
        return report_new_chapter(options.content_dir, args.new)
    if args.serve and not args.check:
        from convlab.preview.watch import serve_live  # the watcher's imports cost a plain build 60 ms

        return serve_live(options, args.host, args.port)
    result = check(options) if args.check else build(options)
    report(result, options, checked_only=args.check)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
