from graph.nlp.language import detect_language


def test_indonesian_and_english_are_told_apart():
    assert detect_language("Presiden Joko Widodo bertemu dengan Presiden Ukraina di Kyiv pada hari Rabu.") == "id"
    assert detect_language("President Joko Widodo met the president of Ukraine in Kyiv on Wednesday.") == "en"


def test_text_without_function_words_defaults_to_indonesian():
    assert detect_language("Jokowi Zelensky Kyiv") == "id"
