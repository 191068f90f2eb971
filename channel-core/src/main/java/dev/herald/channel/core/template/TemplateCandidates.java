package dev.herald.channel.core.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The template set names to try for one dispatch, most specific first: the event type in the recipient's locale,
 * in its language alone, in the default locale, without a locale; then the channel's generic set in the same
 * order. For type {@code order.shipped}, locale {@code de-AT} and default {@code en}:
 * {@code order.shipped.de-AT, order.shipped.de, order.shipped.en, order.shipped, generic.de-AT, generic.de,
 * generic.en, generic}.
 *
 * <p>Event types and locales come from producers, so anything that is not a plain name is ignored rather than
 * used to build a template path.
 */
public final class TemplateCandidates {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");

    private TemplateCandidates() {
    }

    public static List<String> of(String type, String locale, String defaultLocale, String genericTemplate) {
        List<String> locales = localeChain(locale, defaultLocale);
        List<String> names = new ArrayList<>();
        if (type != null && TYPE.matcher(type).matches() && !type.equals(genericTemplate)) {
            addAll(names, type, locales);
        }
        addAll(names, genericTemplate, locales);
        return List.copyOf(names);
    }

    /**
     * The locale tags to try, most specific first, without duplicates: the locale and its shorter forms
     * ({@code zh-Hant-TW, zh-Hant, zh}), then the default locale and its shorter forms.
     */
    public static List<String> localeChain(String locale, String defaultLocale) {
        Set<String> chain = new LinkedHashSet<>();
        addWithParents(chain, normalise(locale));
        addWithParents(chain, normalise(defaultLocale));
        return List.copyOf(chain);
    }

    /** A BCP 47 tag in its canonical case ({@code de_at} -> {@code de-AT}), or null where there is no usable locale. */
    static String normalise(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        String tag = Locale.forLanguageTag(locale.trim().replace('_', '-')).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    private static void addWithParents(Set<String> chain, String tag) {
        String current = tag;
        while (current != null && !current.isEmpty()) {
            chain.add(current);
            int dash = current.lastIndexOf('-');
            current = dash > 0 ? current.substring(0, dash) : null;
        }
    }

    private static void addAll(List<String> names, String base, List<String> locales) {
        for (String locale : locales) {
            names.add(base + "." + locale);
        }
        names.add(base);
    }
}
