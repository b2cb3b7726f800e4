"""Benchmark of portal/images.py (not a test): time and peak memory to clean a 24-megapixel JPEG
and make all its renditions, and the bytes a 360-px phone downloads for the article's picture
compared with the upload.

    .venv/bin/python bench/images.py            # 24 MP (6000 x 4000) and 12 MP (4000 x 3000)
    .venv/bin/python bench/images.py --runs 5

Each measurement runs in a fresh child process (resource.getrusage maxrss is a high-water mark
of the whole process, so the parent's picture generation must not count). tracemalloc sees only
Python allocations (the bytes read and written), not Pillow's pixel buffers, which is why both
figures are given. Pictures are synthetic but photo-like (tests/images.py: gradients plus detail
at several scales), with EXIF GPS, saved at JPEG quality 92 as phones do.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

PHONE_WIDTH = 360


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def slot_width(viewport: int) -> float:
    """The CSS width the article page's `sizes` gives the picture at this viewport:
    "(max-width: 792px) calc(100vw - 2rem), 760px" (article_detail.html, 1rem = 16px)."""
    return viewport - 32 if viewport <= 792 else 760


def chosen(renditions, slot: float, dpr: float):
    """What Chromium picks from a srcset: the smallest candidate at least slot x DPR wide."""
    wanted = slot * dpr
    fitting = [r for r in renditions if r.width >= wanted]
    if not fitting:
        return max(renditions, key=lambda r: r.width)
    return min(fitting, key=lambda r: r.width)


def child(path: str, media: str) -> None:
    import django

    django.setup()
    from django.core.files.storage import FileSystemStorage

    from portal import images

    storage = FileSystemStorage(location=media, base_url="/media/")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        processed = images.process_upload(handle, stem="bench")
    cleaned = time.perf_counter()
    name = storage.save(images.random_name("bench", "bench", processed.name[-3:]), processed)
    made = images.make_renditions(name, storage=storage, image=processed.image)
    finished = time.perf_counter()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    say(
        json.dumps(
            {
                "clean_s": cleaned - started,
                "renditions_s": finished - cleaned,
                "total_s": finished - started,
                "maxrss_before_mb": rss_before / 1024,
                "maxrss_after_mb": rss_after / 1024,
                "tracemalloc_peak_mb": traced_peak / 1024 / 1024,
                "original": storage.size(name),
                "renditions": [
                    [r.format, r.width, r.height, storage.size(r.name), r.name] for r in made
                ],
            }
        )
    )


def make(path: str, width: int, height: int) -> None:
    from tests import images as pics

    picture = pics.photo((width, height), noise=50)
    Path(path).write_bytes(pics.jpeg_bytes(picture, quality=92, exif=pics.gps_exif().tobytes()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.make:
        make(args.make[0], int(args.make[1]), int(args.make[2]))
        return

    say(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, runs per size: {args.runs}")
    for size in ((6000, 4000), (4000, 3000)):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "upload.jpg"
            # Made in a child too: a forked child inherits its parent's maxrss high-water mark.
            subprocess.run([sys.executable, __file__, "--make", str(source), *map(str, size)],
                           check=True)  # fmt: skip
            upload_bytes = source.stat().st_size
            results = []
            for run in range(args.runs):
                media = Path(tmp) / f"media-{run}"
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(source), str(media)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results.append(json.loads(out.strip().splitlines()[-1]))
        report(size, upload_bytes, results)


def report(size, upload_bytes: int, results: list[dict]) -> None:
    from collections import namedtuple

    median = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
    megapixels = size[0] * size[1] / 1e6
    say(f"\n{size[0]} x {size[1]} JPEG ({megapixels:.0f} MP), upload {upload_bytes:,} bytes")
    say(
        f"  clean (check, orient, sRGB, strip, re-encode): {median('clean_s'):.2f} s; "
        f"8 renditions: {median('renditions_s'):.2f} s; total {median('total_s'):.2f} s "
        f"(median of {len(results)})"
    )
    growth = [r["maxrss_after_mb"] - r["maxrss_before_mb"] for r in results]
    say(
        f"  peak RSS {statistics.median(r['maxrss_after_mb'] for r in results):.0f} MB "
        f"(+{statistics.median(growth):.0f} MB over the idle process with Django set up); "
        f"tracemalloc peak {median('tracemalloc_peak_mb'):.1f} MB (Python objects only)"
    )
    last = results[-1]
    say(f"  stored original: {last['original']:,} bytes (re-encoded, no metadata)")
    Rendition = namedtuple("Rendition", "format width height bytes name")
    renditions = [Rendition(*r) for r in last["renditions"]]
    for r in renditions:
        say(f"    {r.format:<4} {r.width:>4} x {r.height:<4} {r.bytes:>9,} bytes")
    slot = slot_width(PHONE_WIDTH)
    webp = [r for r in renditions if r.format == "webp"]
    for dpr in (1, 2, 3):
        pick = chosen(webp, slot, dpr)
        say(
            f"  360-px phone, DPR {dpr}: picture slot {slot:.0f} CSS px -> {pick.width}w WebP, "
            f"{pick.bytes:,} bytes = {100 * pick.bytes / upload_bytes:.1f}% of the upload "
            f"({upload_bytes / pick.bytes:.0f}x less)"
        )


if __name__ == "__main__":
    main()
