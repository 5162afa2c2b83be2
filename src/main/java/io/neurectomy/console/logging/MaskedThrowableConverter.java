package io.neurectomy.console.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces pass through the same masking as messages: exception messages can quote a request too. */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return SecretMaskingConverter.mask(super.throwableProxyToString(tp));
    }
}
