package dev.herald.sandbox.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRecorderTest {

    @Test
    void dropsTheOldestMessagesBeyondItsCapacity() {
        MessageRecorder recorder = new MessageRecorder(3);
        IntStream.rangeClosed(1, 5).forEach(i -> recorder.record(sms("+1555000000" + i)));

        assertThat(recorder.find(null, null, 0)).extracting(RecordedMessage::to)
                .containsExactly("+15550000003", "+15550000004", "+15550000005");
        assertThat(recorder.count(null, null)).isEqualTo(3);
    }

    @Test
    void filtersByChannelAndRecipientIgnoringCase() {
        MessageRecorder recorder = new MessageRecorder(10);
        recorder.record(email("Ann@Example.com"));
        recorder.record(email("bob@example.com"));
        recorder.record(sms("+15550000001"));

        assertThat(recorder.find(SandboxChannel.EMAIL, null, 0)).hasSize(2);
        assertThat(recorder.find(null, "ann@example.com", 0)).extracting(RecordedMessage::to)
                .containsExactly("Ann@Example.com");
        assertThat(recorder.find(SandboxChannel.SMS, "ann@example.com", 0)).isEmpty();
        assertThat(recorder.count(SandboxChannel.SMS, null)).isEqualTo(1);
    }

    @Test
    void limitKeepsTheNewestMatchesOldestFirst() {
        MessageRecorder recorder = new MessageRecorder(10);
        IntStream.rangeClosed(1, 5).forEach(i -> recorder.record(sms("+1555000000" + i)));
        recorder.record(email("ann@example.com"));

        assertThat(recorder.find(SandboxChannel.SMS, null, 2)).extracting(RecordedMessage::to)
                .containsExactly("+15550000004", "+15550000005");
    }

    @Test
    void clearForgetsEverythingAndSaysHowMuch() {
        MessageRecorder recorder = new MessageRecorder(10);
        recorder.record(email("ann@example.com"));
        recorder.record(email("bob@example.com"));

        assertThat(recorder.clear()).isEqualTo(2);
        assertThat(recorder.find(null, null, 0)).isEmpty();
        assertThat(recorder.count(null, null)).isZero();
    }

    @Test
    void staysWithinItsCapacityUnderConcurrentWriters() throws InterruptedException {
        MessageRecorder recorder = new MessageRecorder(1000);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            writers.submit(() -> IntStream.range(0, 10_000).forEach(i -> recorder.record(sms("+1555" + i))));
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<RecordedMessage> kept = recorder.find(null, null, 0);
        assertThat(kept).hasSize(1000);
        assertThat(recorder.count(null, null)).isEqualTo(1000);
    }

    private static RecordedMessage sms(String to) {
        return RecordedMessage.sms(to, "+15005550006", "hi", null, ProviderIds.twilioMessageSid(), Instant.now());
    }

    private static RecordedMessage email(String to) {
        return RecordedMessage.email(to, "from@example.com", "s", "b", null, null, null,
                ProviderIds.sendGridMessageId(), RecordedMessage.DELIVERED, Instant.now());
    }
}
