import json

import pytest

from simulations._params import Bool, Choice, Float, Int, Matrix, describe, format_matrix, resolve

STRIDE = Int("stride", "Stride", 1, 1, 3, help="How far the kernel jumps.")
SCALE = Float("scale", "Weight scale", 0.5, 0.0, 1.0)
KERNEL = Choice("kernel", "Kernel", "edge", {"edge": "Edge", "blur": "Blur"})
BIAS = Bool("bias", "Count biases", False)
WEIGHTS = Matrix("weights", "Your kernel", ((0, -1, 0), (-1, 5, -1), (0, -1, 0)), 3, 3)
ROW = Matrix("kernel", "Kernel", ((-1, 0, 1),), 1, 3)


@pytest.mark.parametrize("raw, value", [(2, 2), ("2", 2), (" 3 ", 3), (2.0, 2), ("1.0", 1)])
def test_int_accepts_numbers_and_the_strings_markdown_and_the_browser_send(raw, value):
    assert STRIDE.coerce(raw) == value
    assert type(STRIDE.coerce(raw)) is int


@pytest.mark.parametrize("raw, message", [
    (0, "Stride must be between 1 and 3; got 0."),
    ("4", "Stride must be between 1 and 3; got 4."),
    (1.5, "Stride must be a whole number; got 1.5."),
    ("two", "Stride must be a number; got 'two'."),
    (True, "Stride must be a number; got True."),
    ("inf", "Stride must be a finite number; got 'inf'."),
    (None, "Stride must be a number; got None."),
])
def test_int_refusals_are_one_sentence_naming_the_control(raw, message):
    with pytest.raises(ValueError) as error:
        STRIDE.coerce(raw)
    assert str(error.value) == message


def test_float_accepts_its_bounds_and_refuses_beyond_them():
    assert SCALE.coerce("0") == 0.0 and SCALE.coerce(1) == 1.0 and SCALE.coerce("0.25") == 0.25
    with pytest.raises(ValueError, match=r"^Weight scale must be between 0 and 1; got 1\.5\.$"):
        SCALE.coerce(1.5)


def test_choice_accepts_only_its_values():
    assert KERNEL.coerce(" blur ") == "blur"
    with pytest.raises(ValueError, match="^Kernel must be one of edge, blur; got 'sobel'.$"):
        KERNEL.coerce("sobel")


@pytest.mark.parametrize("raw, value", [(True, True), ("yes", True), ("On", True), (1, True),
                                        (False, False), ("false", False), ("0", False), ("off", False)])
def test_bool_reads_the_usual_spellings(raw, value):
    assert BIAS.coerce(raw) is value


def test_bool_refuses_anything_else():
    with pytest.raises(ValueError, match=r"^Count biases must be on or off \(true or false\); got 'maybe'.$"):
        BIAS.coerce("maybe")


@pytest.mark.parametrize("raw", ["0 -1 0; -1 5 -1; 0 -1 0", "0,-1,0\n-1,5,-1\n0,-1,0",
                                 [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
                                 [["0", "-1", "0"], ["-1", "5", "-1"], ["0", "-1", "0"]]])
def test_matrix_reads_typed_text_and_nested_lists(raw):
    assert WEIGHTS.coerce(raw) == ((0.0, -1.0, 0.0), (-1.0, 5.0, -1.0), (0.0, -1.0, 0.0))


@pytest.mark.parametrize("param, raw, message", [
    (WEIGHTS, "1 2 3; 4 5 6", "Your kernel must have 3 rows of 3 numbers; got 2 rows of 3."),
    (WEIGHTS, "1 2 3; 4 5; 7 8 9", "Your kernel must have 3 rows of 3 numbers; got 3 rows of uneven length."),
    (WEIGHTS, "", "Your kernel must have 3 rows of 3 numbers; got nothing."),
    (ROW, "1 2", "Kernel must have 1 row of 3 numbers; got 1 row of 2."),
    (ROW, "1 x 3", "Kernel must be a number; got 'x'."),
])
def test_matrix_refusals_say_what_shape_was_expected(param, raw, message):
    with pytest.raises(ValueError) as error:
        param.coerce(raw)
    assert str(error.value) == message


def test_format_matrix_writes_what_coerce_reads():
    text = format_matrix(WEIGHTS.default)
    assert text == "0 -1 0; -1 5 -1; 0 -1 0"
    assert WEIGHTS.coerce(text) == WEIGHTS.coerce(WEIGHTS.default)


def test_resolve_fills_defaults_and_coerces_given_values():
    assert resolve((STRIDE, KERNEL), {"stride": "2"}) == {"stride": 2, "kernel": "edge"}


def test_resolve_names_the_unknown_setting_and_the_known_ones():
    with pytest.raises(ValueError) as error:
        resolve((STRIDE, KERNEL), {"strid": 2})
    assert str(error.value) == "There is no setting called 'strid' (expected: stride, kernel)."


def test_describe_gives_every_control_as_json():
    described = describe((STRIDE, SCALE, KERNEL, BIAS, WEIGHTS))
    json.dumps(described)
    assert [control["kind"] for control in described] == ["int", "float", "choice", "bool", "matrix"]
    assert described[0] == {"name": "stride", "kind": "int", "label": "Stride",
                            "help": "How far the kernel jumps.", "default": 1, "min": 1, "max": 3, "step": 1}
    assert described[2]["choices"] == [{"value": "edge", "label": "Edge"}, {"value": "blur", "label": "Blur"}]
    assert described[4]["default"] == "0 -1 0; -1 5 -1; 0 -1 0"


def test_matrix_entries_are_bounded_so_sums_stay_finite():
    with pytest.raises(ValueError) as caught:
        ROW.coerce("1e308 1e308 1e308")
    assert str(caught.value) == "Kernel entries must be between −1000 and 1000; got 1e+308."
    assert ROW.coerce("-1000 0 1000") == ((-1000.0, 0.0, 1000.0),)
