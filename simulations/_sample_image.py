"""A real photograph for the ``kernels`` simulation, stored as code so it travels with the package.

Eileen Collins, NASA astronaut, from scikit-image's sample data (``skimage/data/astronaut.png``, version
0.26.0 on PyPI). scikit-image's data notes state: "This image was downloaded from the NASA Great Images
database <https://flic.kr/p/r9qvLn>. No known copyright restrictions, released into the public domain."

How the 56×56 array was made from the 512×512 RGB original: luminance Y = 0.2125 R + 0.7154 G +
0.0721 B; crop rows 0–503 and columns 4–507; the mean of each 9×9 block; rounded to uint8. The bytes are
the rows of that array, top to bottom, base64-encoded. Embedding them in a module (not a data file)
means numpy alone can load the image, in CPython and in Pyodide alike, with no file access.

The colour version (``astronaut_rgb``, for the ``channels`` simulation) is the same photograph: the same
crop, the mean of each 21×21 block of each of R, G and B, rounded to uint8, stored channel by channel
(all of R's rows, then G's, then B's).
"""

from __future__ import annotations

import base64
from functools import lru_cache

import numpy as np

SIZE = 56
RGB_SIZE = 24

_PIXELS = (
    "fAUNR3+jo6eprK+xq6ittrq7ubzFxb++u73Ey8rGxcbExMK/xMfO0ce+uLKBTjeTop6bl4qCfXmLCzSShq6srK6vsrGsq6+5"
    "ur7Dw8O9u7yvrcXMzMbDwb7Bw8LAwcnTzsvGuWBLM1unpqOfl4qBeiQJE3Vks7KwsbGzsq2ut7y8wMPCwbCGg5qznYanwsHB"
    "wsPFvcHDydHR1NGyVUw0Lqmrp6Wel42AJQoIJRSourWzsrKytbq/wsbEwcGeSniBnrqlg2ZxqsTCwcXGx8bIz9LV0p2Agzcc"
    "na+sqqSelIMnDgUQD365t7OvrbG3vsHDxsa6nl0ocZWpnnlsdl1tm8fFxsnIxcLFytHOj4WWPx+WsKuqraSYhkUUCBYRTri0"
    "r6qrrbK4urq9rnN2dGuGh5WLh4t1UF5Pw8nGyMzFv8PEydiCXVhAKqitrqyqoZiNTxgQcVYkr7StqKqtsbW1tq9yU2V9ZmJz"
    "i5iSkmUuQD2J0M3Ky8e+vcDG4IpwZ0A/0aqxsquknJVqHRqXZhCPsa+rqq6ysbCzkGlmYnd9ZWqHkZGRYTBDPW/R0tDLyMS+"
    "v8jmkl1TQ1nhp6+yraagnCgeB0InEWezsqmnrrSysbOOVX5DhHx2dHdrYlY4LjxIRsvMx8nEvrrAyN5JTUlBW+CvsraxqaSi"
    "IR8JBg0QR7KwqKmwtra0sp5WWzGku8PTyr+cZSYgLzsywsfCx8K6tbvGy3IiNThV3qa0urWsqKEfHgwEDB+ErKytrbO3uLe2"
    "mjQ9Qqqwn73ZxKmpbisaLTzGwL/Bwb++u7/ZzjknMkfeprq8t7KqoiofEQQWhainrrKztLS3uLmyOSRZsZaIqM2TgWdyPho8"
    "Z7y2ur2/wcLBv6W2UxwxOtekwMK9ubCnJh8UBWeoraiwsrKxs7a5u76cM2vL18+/wpzCt51aHTefwb6+vb7BwsPN6bmGIC41"
    "yKHCxr64sqo7GxUMUaeuqbGxsbK0uLq8wMismsXew729k73Io1Ibh8vJx8bExMLCwdDi1IgaKTO4nr3CvrmyqyQXFhkefq6r"
    "rrS1tbe7vb/EzMy8sq2xsax/k72Rao/PzcvNz8zLy8vI1OnZhRUiL6ybwcTAu7SuIxUhGhoxma2subq6ur3BwsjU1cm1waK+"
    "tZGAroG12NLQzc3P0NLU0czZ6tqBEhotpZjBxsO9tbJgNSMbGiJLpqm7v7y6vcTJw7Kgla7Rvs/Mn6m6g9XV0dPT0tDU1tbU"
    "z9rq3H8SESqflMTIxcC4tMGIKB0bISRup77Dwr/ExplKHAgEicLKxrajsZen0tPS1NbT0NLV0s/L2erdfRQJKJqPxcvGwb23"
    "yqheHxwfJCyKvsTFx8qWIAADBwiSrMfVx7OMeMzU1dHV1dLOz9LOysnY6d5+FxcjlozHzsbDwrjMqJg4HR4kJ0i3xsvOs0oE"
    "GDoHBYrPpZqWd21zuNzY1NPV0c3P0cvJydfp3oA0TxyRicbKwbm6ucyjo4MhHSQqJaTIzsCANCt2GQEGIn2SkomFeT0ildfW"
    "09XW1dPOx8rL1+nejqTAUIeGwr+3sbOzzKCinlUdJCokfcfQm3Jdml0OCwoFDxERDBkIAAAUhNnY297f2dDJxs/s6N6Toc29"
    "d3+/v7KrqabNoqGhkiojKSZGydR0TXSyZywHCgIICgoEBAMAAgQflt/e3t7W0c7M6+vo35Sbw960aLq+tauincumoKWjXCIn"
    "KCi7sD4zX4y1cyAOAQYJCQUEAwABEwhJtNva29fV0d/Z0eXbkZaqy9efr7q0rKOeva2epaiGOyUpKZCfY1w6aZSQXwwABgsK"
    "BAMBAAEZKB5519jZ2NbQsLHLtdqZiYu0vqqktK2noplhrp+jqoeELDyFop5+U2ZIZX92EAEIDAgFAgEAASVEOV+41tXV19bY"
    "1dKUz5peYo6fl5+tq6WYkitsmqKuhpp/lJufl4xsUjRQZ39ACQ4UDgECAwEhT1RoZnu+1NPa2NPOn32kkSU/qGxVmauon5SO"
    "KSt6o66Gk5+cmJWYiX1bQSE9VFVZY2EiCCMiDyhkb3NiYoKp1drX0sRyYxg8CBKneGaWpqCalYsnKjKVpImJkJKdhpaGhV9f"
    "PxweMTuGsnyaiGlJLWlaV0Npf5Gk1NTPnlqoeThDD5ZxZHqknpeSjSYqHlygkYuLf46PfoqKhmhsPhwHDCkvRmZ0kpJjVD45"
    "IFB6joOazst4mLtnSHUMmWo1fp6cl42IKSodJHyIjIuKiJGBgYeJfWt9TCEYCA4ZKkE5QEA2Iw8eV3OGdnnJyZaKe0xWVAdf"
    "bEBrazQyMjMsKBwhWIF6g46ElYJ+goCDc2NaShodHh8XHhghDggKKERaeIJogLXFeic4MhooBTQvKBwKAAAAADEnHCJtcXJ0"
    "f4uagneCeYR4g4J4XEIeERgjJiIXFEdLVXCAg2R/lL6VBg8ZDQQAAAAAAAAAAAAANSccKHuEg3qBipCOeH10hnl3gn9ycGRm"
    "W5VmYTtTV2hid4GCbnKGuVkBAAAAAAAAAAAAAAAAAAB0KB5OlG+DkIeWmZeBd3WGhH1te35qZmh5dHFPZXBvaGFwfH93Zoim"
    "OQAAAAAAAAAAAAAAAAAAAL9DH2aIXnZ4bG+KkolkeIWNfoRyeX5jZGhYYFSAhWhFa3V1gHRUeaM1AAAAAAAAAAAAAAAAAAAA"
    "xpwtiHV2enh7b3GIilJ7g4+IhIF2eHZjanJTa2aAXm1jc3KAckprijkAAAAAAAAAAAAAAAAAAADEu31xdoKIkIyGdHJzUXyH"
    "joyJg4J6gHR3XlmZomdvfm11c4BxRGGGIAIBAgICAAAAAAAAAAAAAMW9oZqdgI+NjYV9cF1VgIuGeG52f397fG5UkZ33Z2lQ"
    "f5Z3j2kxZmxFga/NxbOAMwIAAAAAAAAAxrqjmKB/hZGIgHp0Z1iBdGNuYHFic39/XVy02vSefF+ppnprVSlLV16EuN3X+v77"
    "xEAAAAAAAADEtaWnqYmAfH91cnNvUnJPbHRyfZljdYBXXLfB68ZtRmuWg0wtDAoIbfn++lZgrPb99IUEAAAAAMKyoKKZiImC"
    "hXBvbnVZZH6EhJ/SsXlagFFVupzm3EtwdHJcIgMCBQRTTzQgEBMpVcf665kEAAAAw6+QkZeKhYmKdGtnYmBYUoFbTGiPZkx0"
    "S03Cl9bpO1FFPB0GAAAAAAECAwIBAQENOaf273sAAAC9noyOjoqDj4lvaFlVaFxxgKHCuKFKSWg+WsyRy+YwYlM6GwEAAAAA"
    "AAAAAAAAAAAIOpL08CwAAICTjY+TkYqNiIJuUkZQaH5qzKhjVmxOTUd0yo7B2i9kPjAJAAAAAAAAAAAAAAAAAAEHMZHyowAA"
    "M39yiISBaVhUVFdIQT1waXR5QUt+Ul5CbmvDhrTPOmJGDQgAAAAAAAAAAAAAAAECAgMJNrHrDwApOG4+bG1/f3RxZlo1N29r"
    "VnB0V05jWGNzXbZQrb5BXh8OAwAAAAAEAQAAAAAACxQRCAYSSuVLACcidWVmhYeHiYZnV0AyZ3RtZltia2dXTDM6oEWisD1H"
    "Cg0AAAAAK812AQAAAAgwSEEcCAgjm3oAJBxTend3g5CVjnZkUjZhfX94c2JGLS9DX1uUWLa0NC4QBwIAAAOP/sECAAAAG15+"
    "ZTEPBwxVkgAeHUhrfIuNf4B6YFxfWnNvcVMwPE1jcGhYWaexs7ouFAkLKAAACNb+igEAAAEsc5F2Nw4GBCegABsiS1lhQFaB"
    "cGeEjIWCgl0qNF5ycnNuXm92r+11vikNBgIAAAAK0vhHAAAABS5tjnU3DgQCDHEXHSZJTxlFen6HjIZweYZ1bEF+knuBfXJt"
    "eG+37kbBIQwEAQAAAAANHgYAAAACH1Z5ZTAIAgEFNjMhJEUrH1Z2fYiFgYSLg4qAevD84omCe3NCU3HGU9AtEAQBAAAAAAAA"
    "AAAAAAANN1lSIAcBAA1sfCkhMSE2OW16amBzjYySjWRAZqzYyXB/cUKqHiOCy1cUAQEAAAAAAAAAAAAAAAk1TkIVAgAADURC"
    "bR8gK0M4X2lwgpKSk3hZQx4wpp/YZn1XRsBGQ4fGWwcAAAAAAAAAAAAAAAAAAAEAAAAAAAAVPCamRB85RzZZYH+IiX9JVDoE"
    "BxlTnbdcekVGLCtRpbNWCAEAAAAAAAAAAAAAAAAAAAAAAAAAABNGKg=="
)


@lru_cache(maxsize=1)
def astronaut() -> np.ndarray:
    """The 56×56 grayscale photograph as a read-only uint8 array (0 black, 255 white)."""
    pixels = np.frombuffer(base64.b64decode("".join(_PIXELS)), dtype=np.uint8).reshape(SIZE, SIZE)
    pixels.flags.writeable = False
    return pixels


_RGB_PIXELS = (
    "PWOrrbOxu8TIxbjIz8rKydPTwGeJqpuFGCijube9x8qye7SfkcDLztDZuIVns6yULDN1ubS9waGBgKOeZ3XR0snNsHd6sa6Z"
    "MUdHubK7u36AmpyITE/L0snLmmabsbGjJgtXtLa+vmmEvOSvTkK8ysjGuTuQtbqpLCqytbq8wqSx59DRf2rOysvPyUV9t8Ky"
    "NlqVt8HCx9TQ1M68qNXX29rY2zdttca3pGltp8fHnj9g3t27ytnd293b3C1gtMu/volohMm7MyU0t61+rN7e2NTY3XJnsMO9"
    "vatyfL+Djy4KEQ8FDafl39Pl3aG9o7qqurOSgMqYbYcRDAgCEkPU29LOyIWqqrWkjrKn1uvaamRBMwwNQW2w2ti3cjuPjKuZ"
    "f5DG5efkxmcqanRtV0yr29aXiT92bJ2RgXXf5+bh39J6KzBEK2fC0Nd/PiMvLA0GipHc4ure4N7Xu6h9qb7W09JFAAAAAAAA"
    "s7LV3N3Q4OTezsiTy7zO0cc1AAAAAAAAyNPi59/A38PF3cLAyJKntatijZVPAgAAxubk4NfHpoqnsrrX3oeMSBVxlljEug8A"
    "yeXk48zCiaKchLDW3Z1VAgABAgEPmKoApszb0cScuZBxpsDO0IsoAAAAAAAFEKYmec7e5dKg1Mm5paq0vlgPAF9WABhVFyxX"
    "a7W+19TRzJ66zMnfni0QAJVJADOEIAdBcnu13Nrh1b3X06qjkSQEAAEAABheEwJVgYen0eK3UVS5woN3tCEAAAAAAAMFAAU0"
    "Nl2mq7Cqs7vAvK6/xsHBv8nIsUp7n5B9EB2ZsrC1v8KpaaCMgLbCw8bQqmxVqqOMIipqr6qzuJRwao6JVGXJyb/Do1xpramV"
    "JkE6sKixsGtoen5vOT/CyL7BkUqMrq+iGARJq621tFVrn8eSODGxvry8tyeBsreoHhKirLCzuZiTxqywZVrAvr/FyDhtsr2v"
    "Ewhdq7a4v868rqeXkMrLzc7P2DBesMGzggwPiMDAlzpTvrabvtHSz9DQ2SpUr8W6skwKL8S2LiQroZJootPSz8nO2m9hq7y2"
    "sJcaEK51hysGCwoEC53b2Mvg2p69nrOjpKJgEXlUXoQPCAUBEDvJ1s/JxIKppq2cOZ+Ne4hrP1I8LwoMP2V/ydexbzmJhaOR"
    "D16Cd3pzVTEaVG5qUDhRf8aOgztwZ5aJERlmbXdpaVkyEhonEx9RYKFuMx0rKgwFIS9obYFmaGNkT1FWQEhjX387AAAAAAAA"
    "hk9bYWVga3JkXFVTZkZcXFouAAAAAAAAt4N0eGNHbGVjZ1WKmmh3WEJWipNNAgAAspZyaVpOW3GSW0yhwl9/JAtslFfEtg8A"
    "oX9zc1FGU4eJRT6XvjkjAQABAQAPlqYATWJnVkcpWXBLRE2HrDkNAAAAAAAED6IlFFdpdlorV1NENDdgmiMGAFxVABZRFCpV"
    "D0lTZV9cVTNHVU+qihQJAJJIADB/HQU+DSBEamVyaJipYlZ+hBIAAAEAABZaEgJQPhw0WXRiLj2sXEw5ohQAAAAAAAMFAAUw"
    "SF+mrLCkrri8uKe7x8C9vMfFqgxxmop3NjuWrqusuL2gSnlmY6+9vcHMlT1Fp5+LSj9zpZ+or4JSRGRgK0jFw7a8jixSrKqX"
    "VEZRpJ+np0dCVllHFhi7wra6hRl4rrGkThxdo6avsDRKibF6Ig+oubW2vAhxsLiqVCeepKqutpB3s5GYSka6t7i/zSZdrryv"
    "QxdepbC1vs+slZV8ecXFxsbK3SdPqr2xiRkdg7+/nz9JpKV/t9DNysnL3yZGpr20tFAbMce9MB4hh3lNpdHPzMXK4GxZorOw"
    "spInGLFyhSYEBgYDC57Y2cjl4ZzClambpZ5gGWI8X4UNBgQBDj3J2dPPyH6vpaWVOpyFWV5GNVE4LAgKQmJzyNqwbTaFf5yM"
    "GV5sUVJLMyYaU3NtUTw0XsSHgThsYZKFGiNLUFJCQjUdDhYnEgsqOIxkLRkqKAsFKDFHSFlAQT0+KzhJIyQ7Nl05AAAAAAAA"
    "jD84Oz5ARU0+Myw9QyE0NTQqAAAAAAAAvXxSUj0oS2phRi1xiG95RChPh5FMAgAAto1ORDUtdaO/bCSKsWSQJgVojkq9sw8A"
    "nl1OTiohgqyyaxl/sBkZAQAAAAAJj6UAR0FCNCMSZKaRQSlumyUKAAAAAAAECpwkHTREUTMTNjswHyFLihUIAFxUABZTFCBU"
    "GiE3Qjw3Mx8qMSqbfxALAJNHADGCHgM9GhEmRkBMQouaQDx1ew4AAAEAABVbEgFQRw4VNU9PLkCkPj4plxAAAAAAAAIFAAQv"
)


@lru_cache(maxsize=1)
def astronaut_rgb() -> np.ndarray:
    """The 24×24 colour photograph as a read-only (3, 24, 24) uint8 array: R, G, B planes."""
    pixels = np.frombuffer(base64.b64decode("".join(_RGB_PIXELS)), dtype=np.uint8)
    pixels = pixels.reshape(3, RGB_SIZE, RGB_SIZE)
    pixels.flags.writeable = False
    return pixels
