package dev.herald.bench.broker;

import java.util.List;

/**
 * How many times RabbitMQ carries a message from a publisher into a queue and out to a consumer for one
 * notification on the happy path, counted from the code:
 * <ol>
 *   <li>ingress publishes the event to the {@code herald.events} fanout ({@code EventIntake.publish}); it is enqueued
 *       in {@code herald.events.filter} and {@code herald.events.tracker} and consumed from both: 2 transits per
 *       event, shared by all its notifications;</li>
 *   <li>preference-filter publishes the dispatch to {@code herald.dispatch} -> {@code herald.<channel>}
 *       ({@code EventConsumer} -> {@code NotificationPublisher}): 1;</li>
 *   <li>then the {@code queued} status to {@code herald.status} -> {@code herald.status.tracker}: 1;</li>
 *   <li>the channel worker publishes the {@code sent} status to the same queue ({@code DispositionPublisher},
 *       {@code Disposition.Report}): 1.</li>
 * </ol>
 * Retries, dead letters and hygiene feedback only happen on failures. Every transit is a persistent message into a
 * quorum queue with a publisher confirm and a consumer ack, which is what one PerfTest message is.
 */
public record TransitCount(int recipientsPerEvent, int channelsPerEvent) {

    /** One hop of the path, with how many transits it costs per event. */
    public record Hop(String publisher, String route, String consumer, double perEvent, boolean perNotification) {
    }

    public double perNotification() {
        return 3 + 2.0 / (recipientsPerEvent * channelsPerEvent);
    }

    /** Broker publishes (each confirmed) per notification: the fanout publish counts once. */
    public double publishesPerNotification() {
        return 3 + 1.0 / (recipientsPerEvent * channelsPerEvent);
    }

    public List<Hop> hops() {
        return List.of(
                new Hop("ingress", "`herald.events` (fanout) -> `herald.events.filter`", "preference-filter", 1, false),
                new Hop("ingress", "`herald.events` (fanout) -> `herald.events.tracker`", "delivery-tracker", 1, false),
                new Hop("preference-filter", "`herald.dispatch` (key = channel) -> `herald.<channel>`", "channel worker", 1, true),
                new Hop("preference-filter", "`herald.status` (`<channel>.queued`) -> `herald.status.tracker`", "delivery-tracker", 1, true),
                new Hop("channel worker", "`herald.status` (`<channel>.sent`) -> `herald.status.tracker`", "delivery-tracker", 1, true));
    }

    /** The platform's ceiling implied by the broker's: PerfTest messages per second over transits per notification. */
    public double ceiling(double perfTestMessagesPerSecond) {
        return perfTestMessagesPerSecond / perNotification();
    }
}
