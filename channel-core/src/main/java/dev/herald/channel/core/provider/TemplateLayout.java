package dev.herald.channel.core.provider;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The files one template set of a channel consists of. A set for event type {@code order.shipped} in locale
 * {@code de} is the files {@code templates/<channel>/order.shipped.de.<suffix>}, one per part; the email layout,
 * for instance, has the parts {@code subject} ({@code subject.txt}), {@code html} ({@code html}) and {@code text}
 * ({@code txt}). Qute escapes a part by its file suffix: {@code .html} output is HTML-escaped, {@code .txt} is not.
 */
public record TemplateLayout(List<Part> parts) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    public TemplateLayout {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("a template layout needs at least one part");
        }
        parts = List.copyOf(parts);
        if (parts.stream().map(Part::name).distinct().count() != parts.size()) {
            throw new IllegalArgumentException("template part names must be unique: " + parts);
        }
    }

    public static TemplateLayout of(Part... parts) {
        return new TemplateLayout(List.of(parts));
    }

    /** One file of a template set: the part's name (how the adapter asks for it) and its file suffix. */
    public record Part(String name, String suffix) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(suffix, "suffix");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid template part name '" + name + "'");
            }
            if (!SUFFIX.matcher(suffix).matches()) {
                throw new IllegalArgumentException("invalid template part suffix '" + suffix + "'");
            }
        }
    }
}
