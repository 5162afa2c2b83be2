package io.neurectomy.console.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.neurectomy.console.core.util.CredentialMask;

/**
 * Log message converter that masks anything shaped like a credential ({@link CredentialMask}) before it reaches a
 * log file.
 *
 * <p>The console never logs secret values on purpose; this is the second line of defence against a library (or a
 * careless message) that prints a bearer token, a password or a webhook URL.
 */
public final class SecretMaskingConverter extends MessageConverter {
    static final String MASK = CredentialMask.MASK;

    @Override
    public String convert(ILoggingEvent event) {
        return mask(event.getFormattedMessage());
    }

    /** Returns the text with every credential-shaped value replaced by {@value #MASK}. */
    public static String mask(String text) {
        return CredentialMask.mask(text);
    }
}
