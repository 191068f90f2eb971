package dev.herald.channel.core.template;

/** No template set fits a dispatch, or the one that does cannot be rendered with its data; the reason says which. */
public class TemplateRenderingException extends RuntimeException {

    public TemplateRenderingException(String message) {
        super(message, null, false, false);
    }

    public TemplateRenderingException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
