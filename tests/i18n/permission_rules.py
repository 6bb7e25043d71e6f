"""The language switcher (POST /language/) is public: anyone may choose a language."""

PUBLIC_URLS = ["switch_language"]
RULES: list = []
