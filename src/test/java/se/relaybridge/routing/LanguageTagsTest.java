package se.relaybridge.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTagsTest {

    @ParameterizedTest
    @CsvSource({
            "sgn-SE, swl",
            "SGN-se, swl",
            "sgn-swl, swl",
            "Sgn-SWL, swl",
            "swl, swl",
            "'  sv ', sv",
            "SV, sv",
            "en-GB, en-gb",
            "zh-Hant-TW, zh-hant-tw",
            "ar, ar",
            "so, so",
            "fa, fa",
            "ti, ti",
            "es-419, es-419",
            "sl-rozaj-biske, sl-rozaj-biske",
            "de-CH-1901, de-ch-1901",
            "en-a-bbb-x-ccc, en-a-bbb-x-ccc",
            "x-whatever, x-whatever",
            "sgn-se-x-local, sgn-se-x-local"})
    void normalizes(String raw, String expected) {
        assertThat(LanguageTags.normalize(raw)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "*", "en_US", "e", "123", "sv-", "-sv", "sv--se", "sv se", "svenska-spr",
            "toolongtag", "en-gb-x", "i-klingon", "sv;q=0.5", "<script>", "s\u0000v", "ñ"})
    void rejectsGarbage(String raw) {
        assertThat(LanguageTags.normalize(raw)).isEmpty();
    }

    @Test
    void rejectsOverlongTags() {
        String longTag = "en" + "-abcdefgh".repeat(8);
        assertThat(longTag.length()).isGreaterThan(64);
        assertThat(LanguageTags.normalize(longTag)).isEmpty();
    }
}
