package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Silence;
import io.neurectomy.console.core.endpoints.TestAlert;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** What the Alerts tab may do in one session, through Alertmanager's API. Every call blocks: off the FX thread. */
public interface AlertsSession {
    /** Every alert Alertmanager holds. */
    List<Alert> alerts();

    /** Every silence it keeps, expired ones too. */
    List<Silence> silences();

    /** Creates a silence; returns its id. */
    String silence(List<String> matchers, Duration duration, String author, String comment);

    /** Expires silence {@code id}. */
    void expire(String id);

    /** Sends a test alert and follows it until it is delivered or not. */
    TestAlert.Result sendTestAlert(TestAlert.Request request, Consumer<String> progress) throws InterruptedException;

    /** The session's Alertmanager, asked through port-forwards of its own. */
    static AlertsSession of(ClusterSession session) {
        AlertmanagerApi api = new AlertmanagerApi(session, Duration.ofSeconds(10));
        return new AlertsSession() {
            @Override
            public List<Alert> alerts() {
                return api.alerts();
            }

            @Override
            public List<Silence> silences() {
                return api.silences();
            }

            @Override
            public String silence(List<String> matchers, Duration duration, String author, String comment) {
                return api.silence(matchers, duration, author, comment);
            }

            @Override
            public void expire(String id) {
                api.expire(id);
            }

            @Override
            public TestAlert.Result sendTestAlert(TestAlert.Request request, Consumer<String> progress)
                    throws InterruptedException {
                return new TestAlert(api).send(request, progress);
            }
        };
    }
}
