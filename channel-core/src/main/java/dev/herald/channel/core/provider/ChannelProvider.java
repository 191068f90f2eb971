package dev.herald.channel.core.provider;

import dev.herald.common.contract.Channel;

/**
 * The one thing a channel module implements: an adapter for one vendor of one channel (SendGrid for email,
 * Twilio for SMS, ...). channel-core does everything else: it consumes the channel's work queue, drops expired
 * dispatches, throttles, renders the templates described by {@link #templateLayout()}, calls {@link #send}, and
 * turns the {@link SendOutcome} into a status, a retry through the broker or a dead letter.
 *
 * <p>Exactly one bean of this type must exist in a channel application.
 */
public interface ChannelProvider {

    /** The channel this adapter delivers; dispatches for any other channel are rejected as misrouted. */
    Channel channel();

    /** The vendor's name as it appears in status messages, e.g. {@code sendgrid}. */
    String providerName();

    /**
     * The parts a template set of this channel consists of (email: subject, HTML and text). Every vendor of one
     * channel shares the channel's layout, so templates do not change when the vendor does.
     */
    TemplateLayout templateLayout();

    /**
     * Hands one rendered notification to the vendor. Runs on a virtual thread and may block. Every vendor failure
     * is classified here, in the adapter, as an outcome; an exception escaping this method is a bug and is
     * treated as a transient failure so that it is retried and finally dead-lettered, never lost.
     */
    SendOutcome send(RenderedNotification notification);
}
