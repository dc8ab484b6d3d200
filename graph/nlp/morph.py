"""Every inflected form of an event-cue lemma, made by rule rather than listed.

Indonesian: the affix rules of `ontology/lexicon/id/morphology.tsv` (nasal assimilation of meN- and
peN-: kecam -> mengecam, temu -> menemui, puji -> memuji, serang -> menyerang; di-, ter-, ber-,
per-...-an, ke-...-an, -kan, -i, -an, -nya). A lemma written as a root (`kecam`) takes the whole
paradigm; a word written already derived (`menjatuhkan` in `menjatuhkan sanksi`) is analysed by the
same rules and takes the other cells of its verb (dijatuhkan, dijatuhi, penjatuhan). A phrase inflects
its first word; -nya goes on its last.

English: -s/-es, -ed/-d and -ing by rule (y -> i, dropped e, doubled final consonant of one-syllable
verbs), the irregular verbs of `ontology/lexicon/en/irregular.tsv`, British and American spellings
(-ise/-ize). A phrase inflects its first word ("hold talks" -> "held talks") and may put its last
word in the plural ("joint exercise" -> "joint exercises").

`inflections` also says what kind of form each one is (base, verb, passive, participle, noun), which
the cue matcher uses to tell the actor slots of the form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.resources import lexicon_path, read_lexicon_lines

VOWELS = "aiueo"
KINDS = ("lemma", "base", "participle", "passive", "verb", "noun")  # a form made two ways takes the first
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def surface_forms(lemma: str, lang: str) -> set[str]:
    """Every inflected form of a lemma, lowercase (the lemma itself included)."""
    return set(inflections(lemma, lang))


def inflections(lemma: str, lang: str) -> dict[str, str]:
    """Every form of a lemma (lowercase) with its kind: lemma, base, verb, passive, participle, noun."""
    return dict(_inflections(" ".join(lemma.split()), lang))


@lru_cache(maxsize=None)
def _inflections(lemma: str, lang: str) -> tuple[tuple[str, str], ...]:
    if lang == "id":
        forms = _id_inflections(lemma)
    elif lang == "en":
        forms = _en_inflections(lemma)
    else:
        forms = {}
    forms = {form: kind for form, kind in forms.items() if form}
    if lemma.lower() in forms or lang != "id":  # an Indonesian lemma may be excepted (`root`)
        forms[lemma.lower()] = "lemma"
    return tuple(sorted(forms.items()))


def _add(forms: dict[str, str], form: str, kind: str) -> None:
    old = forms.get(form)
    if old is None or KINDS.index(kind) < KINDS.index(old):
        forms[form] = kind


# --- Indonesian ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Prefix:
    written: str
    condition: re.Pattern[str]
    drop: int


@dataclass(frozen=True)
class _Cell:
    name: str
    template: str
    kind: str
    group: str

    @property
    def suffix(self) -> str:
        return self.template[self.template.rindex("}") + 1:]


@dataclass(frozen=True)
class _IdRules:
    prefixes: dict[str, tuple[_Prefix, ...]]
    cells: tuple[_Cell, ...]
    clitics: tuple[str, ...]
    exceptions: dict[str, frozenset[str]]
    compounds: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def _id_rules() -> _IdRules:
    prefixes: dict[str, list[_Prefix]] = {}
    cells: list[_Cell] = []
    clitics: list[str] = []
    exceptions: dict[str, frozenset[str]] = {}
    compounds: list[tuple[str, str]] = []
    for line in read_lexicon_lines(lexicon_path("id", "morphology.tsv")):
        row = [field.strip() for field in line.split("\t")]
        kind = row[0]
        if kind == "prefix":
            family, written, condition, drop = row[1:5]
            prefixes.setdefault(family, []).append(_Prefix(written, re.compile(condition), int(drop)))
        elif kind == "form":
            name, template, form_kind, group = row[1:5]
            cells.append(_Cell(name, template, form_kind, group))
        elif kind == "clitic":
            clitics.append(row[1])
        elif kind == "except":
            exceptions[" ".join(row[1].lower().split())] = frozenset(row[2].split())
        elif kind == "compound":
            compounds.append((row[1].lower(), row[2].lower()))
        else:
            raise ValueError(f"morphology.tsv: unknown row kind {kind!r}")
    known = {cell.name for cell in cells}
    for lemma, names in exceptions.items():
        unknown = names - known
        if unknown:
            raise ValueError(f"morphology.tsv: except {lemma!r} names unknown cells {sorted(unknown)}")
    return _IdRules({k: tuple(v) for k, v in prefixes.items()}, tuple(cells), tuple(clitics), exceptions,
                    tuple(compounds))


def _prefixed(family: str, root: str) -> set[str]:
    """The root with a prefix family attached, by every rule whose condition holds."""
    out = set()
    for prefix in _id_rules().prefixes.get(family, ()):
        if prefix.condition.match(root):
            out.add(prefix.written + root[prefix.drop:])
    return out


def _cell_forms(cell: _Cell, root: str) -> set[str]:
    match = _PLACEHOLDER.search(cell.template)
    if not match:
        return {cell.template}
    before, after = cell.template[:match.start()], cell.template[match.end():]
    stems = {root} if match.group(1) == "root" else _prefixed(match.group(1), root)
    return {before + stem + after for stem in stems}


@lru_cache(maxsize=None)
def paradigm(root: str) -> dict[str, frozenset[str]]:
    """Indonesian: every form of a root, with the names of the cells that make it."""
    forms: dict[str, set[str]] = {}
    for cell in _id_rules().cells:
        for form in _cell_forms(cell, root):
            forms.setdefault(form, set()).add(cell.name)
    return {form: frozenset(names) for form, names in forms.items()}


def _cells_making(root: str, word: str) -> set[str]:
    """The names of the cells that make `word` from `root`: paradigm(root).get(word), without
    building the rest of the paradigm."""
    names = set()
    for cell, placeholder, stem, tails in _stem_tails(word):
        if not placeholder:  # a fixed form: _stems kept it only when it is the word
            names.add(cell.name)
        elif placeholder == "root":
            if stem == root:
                names.add(cell.name)
        elif any(tail == root[prefix.drop:] and prefix.condition.match(root) for tail, prefix in tails):
            names.add(cell.name)
    return names


@lru_cache(maxsize=None)
def _stem_tails(word: str) -> tuple[tuple[_Cell, str, str, tuple[tuple[str, _Prefix], ...]], ...]:
    """`_stems(word)`, each with what follows each prefix of its family that the stem starts with
    (the part of a root that prefix keeps)."""
    prefixes = _id_rules().prefixes
    return tuple((cell, placeholder, stem, tuple((stem[len(p.written):], p) for p in prefixes.get(placeholder, ())
                                                 if stem.startswith(p.written)))
                 for cell, placeholder, stem in _stems(word))


@lru_cache(maxsize=None)
def _stems(word: str) -> tuple[tuple[_Cell, str, str], ...]:
    """Each cell whose template's affixes the word carries: the cell, what its template puts
    between them ("root" or a prefix family; "" for a fixed form) and what the word has there."""
    found = []
    for cell in _id_rules().cells:
        match = _PLACEHOLDER.search(cell.template)
        if not match:
            if word == cell.template:
                found.append((cell, "", ""))
            continue
        before, after = cell.template[:match.start()], cell.template[match.end():]
        if len(word) > len(before) + len(after) and word.startswith(before) and word.endswith(after):
            found.append((cell, match.group(1), word[len(before):len(word) - len(after)]))
    return tuple(found)


def _cell(name: str) -> _Cell:
    return next(cell for cell in _id_rules().cells if cell.name == name)


@lru_cache(maxsize=None)
def analyses(word: str) -> tuple[tuple[str, str], ...]:
    """Indonesian: the (root, cell) pairs whose verb or passive cell makes `word` (menjatuhkan ->
    (jatuh, meN--kan)); empty for a root or a nominal. A root that itself carries meN- is no root
    (mengenakan is not mengena + -kan)."""
    found = set()
    n = len(word)
    candidates = set()
    for i in range(0, min(8, n)):
        for j in range(n, max(i, n - 6), -1):
            stem = word[i:j]
            if len(stem) >= 3 and any(c in VOWELS for c in stem):
                candidates.add(stem)
                candidates.update(c + stem for c in "ktps")
    for root in candidates:
        if root == word:
            continue
        names = [name for name in _cells_making(root, word) if _cell(name).kind in ("verb", "passive")]
        if names and not any(name.startswith(("meN-", "memper-")) for _, name in analyses(root)):
            found.update((root, name) for name in names)
    return tuple(sorted(found))


def _id_word_forms(word: str, in_phrase: bool, excluded: frozenset[str]) -> dict[str, str]:
    """The forms of one word: its own paradigm as a root, and, when the word is already a derived
    verb, the cells of that verb's group made from its root."""
    forms: dict[str, str] = {}
    for form, names in paradigm(word).items():
        kept = names - excluded
        if kept:
            _add(forms, form, _best_kind(kept))
    for root, name in analyses(word):
        cell = _cell(name)
        wanted = set()
        for other in _id_rules().cells:
            if other.group != cell.group:
                continue
            if other.kind == "noun" or in_phrase or other.suffix == cell.suffix:
                wanted.add(other.name)
        if in_phrase:
            wanted.add("root")
        wanted -= excluded
        for form, names in paradigm(root).items():
            kept = names & wanted
            if kept:
                _add(forms, form, _best_kind(kept))
    if "root" not in excluded:
        _add(forms, word, "base")
    return forms


def _best_kind(names: frozenset[str] | set[str]) -> str:
    kinds = {_cell(name).kind for name in names}
    return min(kinds, key=KINDS.index)


def _id_inflections(lemma: str) -> dict[str, str]:
    rules = _id_rules()
    lowered = lemma.lower()
    excluded = rules.exceptions.get(lowered, frozenset())
    words = lowered.split()
    variants = [words]
    for open_, closed in rules.compounds:
        joined = " ".join(words).replace(open_, closed).split()
        if joined != words:
            variants.append(joined)
    forms: dict[str, str] = {}
    for variant in variants:
        head, tail = variant[0], variant[1:]
        for form, kind in _id_word_forms(head, bool(tail), excluded).items():
            if tail:
                _add(forms, " ".join([form, *tail]), kind)
                for clitic in rules.clitics:
                    _add(forms, " ".join([form, *tail[:-1], tail[-1] + clitic]), kind)
            else:
                _add(forms, form, kind)
                for clitic in rules.clitics:
                    _add(forms, form + clitic, kind)
    for open_, closed in rules.compounds:
        for form, kind in list(forms.items()):
            if open_ in form:
                _add(forms, form.replace(open_, closed), kind)
    if "root" in excluded and len(words) == 1:
        forms.pop(lowered, None)
        for clitic in rules.clitics:
            forms.pop(lowered + clitic, None)
    return forms


# --- English ---------------------------------------------------------------------------------------

_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("yse", "yze"), ("ence", "ense"))


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    table = {}
    for line in read_lexicon_lines(lexicon_path("en", "irregular.tsv")):
        row = [field.strip() for field in line.split("\t")]
        base, past, participle = row[0].lower(), row[1].lower(), row[2].lower()
        ing = row[3].lower() if len(row) > 3 and row[3].strip() else ""
        table[base] = (tuple(past.split("|")), tuple(participle.split("|")), tuple(ing.split("|")) if ing else ())
    return table


def _one_syllable_cvc(word: str) -> bool:
    """A one-syllable word ending consonant-vowel-consonant doubles its last letter (ban -> banned)."""
    if len(word) < 3 or word[-1] in "aeiouwxy" or word[-2] not in "aeiou" or word[-3] in "aeiou":
        return False
    return len(re.findall(r"[aeiouy]+", word)) == 1


def _third_person(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"[^aeiou]o$", word):
        return word + "es"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ied"
    if _one_syllable_cvc(word):
        return word + word[-1] + "ed"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not re.search(r"(ee|ye|oe)$", word) and len(word) > 2:
        return word[:-1] + "ing"
    if _one_syllable_cvc(word):
        return word + word[-1] + "ing"
    return word + "ing"


def english_word_forms(word: str) -> dict[str, str]:
    """The inflections of one English word: base, -s, past, participle, -ing (and -ings)."""
    forms: dict[str, str] = {word: "base"}
    past, participle, ing = _irregular().get(word, ((), (), ()))
    _add(forms, _third_person(word), "base")  # a plural noun or a third person: the lemma's own voice
    for form in past or (_past(word),):
        _add(forms, form, "verb")
    for form in participle or (_past(word),):
        _add(forms, form, "participle")
    for form in ing or (_gerund(word),):
        _add(forms, form, "verb")
        _add(forms, form + "s", "noun")
    return forms


def _spelling_variants(word: str) -> set[str]:
    variants = {word}
    for british, american in _SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if word.endswith(a):
                variants.add(word[: -len(a)] + b)
    return variants


def _en_inflections(lemma: str) -> dict[str, str]:
    words = lemma.lower().split()
    head, tail = words[0], words[1:]
    forms: dict[str, str] = {}
    for spelling in _spelling_variants(head):
        for form, kind in english_word_forms(spelling).items():
            _add(forms, " ".join([form, *tail]), kind)
    if tail and not tail[-1].endswith("s"):
        for spelling in _spelling_variants(head):
            _add(forms, " ".join([spelling, *tail[:-1], _third_person(tail[-1])]), "noun")
    return forms
