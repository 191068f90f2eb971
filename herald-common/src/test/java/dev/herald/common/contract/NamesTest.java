package dev.herald.common.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    @Test
    void acceptsPhoneNumbersInE164() {
        assertThat(Names.E164.matcher("+14155550100").matches()).isTrue();
        assertThat(Names.E164.matcher("+436641234567").matches()).isTrue();
        assertThat(Names.E164.matcher("+12").matches()).isTrue();
        assertThat(Names.E164.matcher("+123456789012345").matches()).isTrue();
    }

    @Test
    void refusesNumbersThatAreNotE164() {
        assertThat(Names.E164.matcher("0664 1234567").matches()).isFalse();
        assertThat(Names.E164.matcher("436641234567").matches()).isFalse();
        assertThat(Names.E164.matcher("+0664123").matches()).isFalse();
        assertThat(Names.E164.matcher("+1").matches()).isFalse();
        assertThat(Names.E164.matcher("+1234567890123456").matches()).isFalse();
        assertThat(Names.E164.matcher("+1 415 555 0100").matches()).isFalse();
        assertThat(Names.E164.matcher("+14155550100\n").matches()).isFalse();
    }
}
