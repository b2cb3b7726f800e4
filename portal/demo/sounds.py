"""Short MP3 files for the demo radio items and the tests, made here: a few tones encoded by
LAME (the lameenc package), no downloaded recordings."""

from __future__ import annotations

import math
import struct

SAMPLE_RATE = 22050


def tone_mp3(seconds: float = 3.0, *, pitch: float = 440.0, kbps: int = 64) -> bytes:
    """A mono MP3 of `seconds`: a soft chime that rises a little every half second."""
    import lameenc

    samples = bytearray()
    for n in range(int(seconds * SAMPLE_RATE)):
        t = n / SAMPLE_RATE
        step = int(t * 2) % 4
        frequency = pitch * (1, 1.25, 1.5, 1.25)[step]
        envelope = 1 - (t * 2 % 1) * 0.7
        value = int(9000 * envelope * math.sin(2 * math.pi * frequency * t))
        samples += struct.pack("<h", value)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return bytes(encoder.encode(bytes(samples)) + encoder.flush())
