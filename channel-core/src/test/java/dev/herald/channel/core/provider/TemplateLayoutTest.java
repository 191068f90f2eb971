package dev.herald.channel.core.provider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateLayoutTest {

    @Test
    void refusesPartsThatCouldNotNameAFile() {
        assertThrows(IllegalArgumentException.class, () -> new TemplateLayout.Part("subject", "../txt"));
        assertThrows(IllegalArgumentException.class, () -> new TemplateLayout.Part("Subject", "txt"));
    }

    @Test
    void refusesDuplicateOrNoParts() {
        assertThrows(IllegalArgumentException.class, TemplateLayout::of);
        assertThrows(IllegalArgumentException.class, () -> TemplateLayout.of(
                new TemplateLayout.Part("text", "txt"), new TemplateLayout.Part("text", "md")));
    }
}
