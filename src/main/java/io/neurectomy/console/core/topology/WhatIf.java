package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.StackSnapshot;

/** Computes what failing or draining a node would do, without doing it. */
public final class WhatIf {
    private WhatIf() {
    }

    public static WhatIfResult simulate(StackSnapshot snapshot, String node, WhatIfMode mode) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
