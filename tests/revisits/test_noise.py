"""Noise is not an edit; any change of the article's words is — tested on the comparison itself."""

from __future__ import annotations

import pytest

from pipeline.revisits.noise import Version, diff_versions, is_edit, significant_lines, word_diff

BODY = ("Бишкек шаарынын мэриясы жолдорду оңдоо иштери улантылып жатканын билдирди.\n"
        "Просмотров: 1 204\n"
        "«Иштер өз убагында бүтөт», — деди мэриянын өкүлү.\n"
        "Стоимость работ составляет 410 миллионов сомов.")


def v(text: str = BODY, title: str = "Жолдор оңдолууда", lead: str = "") -> Version:
    return Version(title, lead, text)


@pytest.mark.parametrize("noisy", [
    BODY.replace("1 204", "9 876"),                                   # a view counter ticks
    BODY.replace("Просмотров: 1 204", "1 530 просмотров"),            # another counter style
    BODY.replace("Просмотров: 1 204", "Көрүүлөр: 77"),                # Kyrgyz counter
    BODY + "\nОбновлено: 01.12.2026 10:40",                           # an "updated at" stamp
    BODY + "\n01.12.2026, 10:40",                                     # a bare timestamp line
    BODY.replace("\n", "\n\n"),                                       # white space
    BODY.replace("«", '"').replace("»", '"').replace("—", "-"),       # quote and dash style
    BODY.replace("Стоимость", "СТОИМОСТЬ"),                           # case
])
def test_noise_is_not_an_edit(noisy: str) -> None:
    assert not is_edit(v(), v(noisy))


def test_rotating_related_links_are_noise_when_they_are_other_articles_titles() -> None:
    titles = {"в оше открыли новый мост", "цены на хлеб в нарыне не изменились"}
    old = BODY + "\nЧитайте также\nВ Оше открыли новый мост"
    new = BODY + "\nЧитайте также:\nЦены на хлеб в Нарыне не изменились"
    assert not is_edit(v(old), v(new), titles.__contains__)
    # without knowing the titles, the same change counts as an edit: the rule is the store's titles
    assert is_edit(v(old), v(new))


@pytest.mark.parametrize("edited", [
    BODY.replace("410 миллионов", "510 миллионов"),                   # a number in the body
    BODY.replace("«Иштер өз убагында бүтөт», — деди мэриянын өкүлү.\n", ""),  # a quote cut
    BODY + "\nРаботы продлятся до 15 декабря.",                       # a sentence added
    BODY.replace("билдирди", "четке какты"),                          # one word changed
])
def test_a_change_of_the_articles_words_is_an_edit(edited: str) -> None:
    assert is_edit(v(), v(edited))


def test_a_title_change_alone_is_an_edit() -> None:
    assert is_edit(v(), v(title="Жолдорду оңдоо кечиктирилди"))


def test_a_counter_inside_a_line_of_prose_is_removed_but_the_prose_is_kept() -> None:
    lines = significant_lines("Материал прочитали 1200 раз. Мэрия обещает закончить к зиме.\nПросмотров: 5")
    assert lines and all("5" not in line for line in lines)
    assert "мэрия обещает закончить к зиме" in lines[0]


def test_word_diff_marks_what_changed_and_shortens_long_unchanged_runs() -> None:
    old = " ".join(f"слово{i}" for i in range(40)) + " пять погибших"
    new = " ".join(f"слово{i}" for i in range(40)) + " шесть погибших"
    ops = word_diff(old, new)
    assert [o.op for o in ops] == ["equal", "replace", "equal"]
    assert ops[1].old == "пять" and ops[1].new == "шесть"
    assert "…" in ops[0].old and len(ops[0].old.split()) < 20


def test_diff_versions_names_only_the_parts_that_changed() -> None:
    diff = diff_versions(v(), v(title="Жолдорду оңдоо кечиктирилди"))
    assert list(diff) == ["title"]
