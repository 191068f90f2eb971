package dev.herald.channel.core.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TemplateCandidatesTest {

    @Test
    void fallsBackFromRegionToLanguageToDefaultLocaleToNoLocaleThenToTheGenericSet() {
        assertEquals(List.of(
                        "order.shipped.de-AT", "order.shipped.de", "order.shipped.en", "order.shipped",
                        "generic.de-AT", "generic.de", "generic.en", "generic"),
                TemplateCandidates.of("order.shipped", "de-AT", "en", "generic"));
    }

    @Test
    void triesTheDefaultLocaleOnceWhenTheRecipientUsesIt() {
        assertEquals(List.of("order.shipped.en", "order.shipped", "generic.en", "generic"),
                TemplateCandidates.of("order.shipped", "en", "en", "generic"));
    }

    @Test
    void usesTheDefaultLocaleWhenTheRecipientHasNone() {
        assertEquals(List.of("welcome.en-GB", "welcome.en", "welcome", "generic.en-GB", "generic.en", "generic"),
                TemplateCandidates.of("welcome", null, "en-GB", "generic"));
    }

    @Test
    void normalisesUnderscoresAndCase() {
        assertEquals(List.of("de-AT", "de", "en"), TemplateCandidates.localeChain("de_at", "en"));
        assertEquals(List.of("pt-BR", "pt", "en"), TemplateCandidates.localeChain("PT-br", "en"));
    }

    @Test
    void walksDownEverySubtagOfALongTag() {
        assertEquals(List.of("zh-Hant-TW", "zh-Hant", "zh", "en"), TemplateCandidates.localeChain("zh-Hant-TW", "en"));
    }

    @Test
    void ignoresALocaleThatIsNoLanguageTag() {
        assertEquals(List.of("en"), TemplateCandidates.localeChain("../../etc", "en"));
        assertNull(TemplateCandidates.normalise("  "));
    }

    @Test
    void goesStraightToTheGenericSetForATypeThatIsNoPlainName() {
        assertEquals(List.of("generic.en", "generic"), TemplateCandidates.of("../secrets", "en", "en", "generic"));
        assertEquals(List.of("generic.en", "generic"), TemplateCandidates.of(null, "en", "en", "generic"));
        assertEquals(List.of("generic.en", "generic"), TemplateCandidates.of("a..b", "en", "en", "generic"));
    }

    @Test
    void doesNotListTheGenericSetTwiceForTheGenericType() {
        assertEquals(List.of("generic.en", "generic"), TemplateCandidates.of("generic", "en", "en", "generic"));
    }
}
