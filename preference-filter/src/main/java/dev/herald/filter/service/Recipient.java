package dev.herald.filter.service;

/** A known user and the preferences that apply to them (the defaults when they stored none). */
public record Recipient(UserProfile user, Preferences preferences) {
}
