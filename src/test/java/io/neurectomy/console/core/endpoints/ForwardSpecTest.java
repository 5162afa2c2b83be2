package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Targets, presets, ports and bind addresses as the command line and the GUI give them; the actions' texts. */
class ForwardSpecTest {
    private static final String NS = "monitoring";

    private static ForwardStatus status(ForwardSpec spec, String context, int localPort) {
        return new ForwardStatus(1, spec, context, ForwardState.ACTIVE, "", "prometheus-0", spec.bindAddress(),
                localPort, spec.remotePort(), 0, 0, 0, 0, Instant.EPOCH, Instant.EPOCH, null);
    }

    @Test
    void presetsAreTheStacksServicesWithTheirHealthPaths() {
        assertThat(ForwardSpec.parse("prometheus", NS)).isEqualTo(new ForwardSpec(ForwardTarget.service(NS,
                "prometheus"), 9090, 0, "127.0.0.1", false, HealthCheck.http("/-/ready")));
        assertThat(ForwardSpec.parse("grafana", NS).health()).isEqualTo(HealthCheck.http("/api/health"));
        assertThat(ForwardSpec.parse("grafana", NS).remotePort()).isEqualTo(3000);
        assertThat(ForwardSpec.parse("Alertmanager", "obs")).isEqualTo(ForwardPreset.ALERTMANAGER.spec("obs"));
        assertThat(ForwardPreset.PROMETHEUS.spec(NS).title()).isEqualTo("Prometheus");
    }

    @Test
    void podsAndServicesAreWrittenAsKubectlWritesThem() {
        ForwardSpec pod = ForwardSpec.parse("prometheus-0", NS);
        assertThat(pod.target()).isEqualTo(ForwardTarget.pod(NS, "prometheus-0"));
        assertThat(pod.remotePort()).isEqualTo(9090);
        assertThat(pod.health()).as("a Prometheus pod is checked like Prometheus").isEqualTo(
                HealthCheck.http("/-/ready"));

        assertThat(ForwardSpec.parse("pod/alertmanager-2", NS).remotePort()).isEqualTo(9093);
        assertThat(ForwardSpec.parse("svc/grafana", NS).health()).isEqualTo(HealthCheck.http("/api/health"));
        ForwardSpec custom = ForwardSpec.parse("service/my-app:8080", NS);
        assertThat(custom.target()).isEqualTo(ForwardTarget.service(NS, "my-app"));
        assertThat(custom.remotePort()).isEqualTo(8080);
        assertThat(custom.health()).as("an unknown port gets the stream check").isEqualTo(HealthCheck.tcp());
        assertThat(custom.title()).isEqualTo("svc/my-app:8080");
        assertThat(ForwardSpec.parse("prometheus-1:9091", NS).health()).isEqualTo(HealthCheck.tcp());
    }

    @Test
    void unclearTargetsAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> ForwardSpec.parse("my-app-0", NS)).isInstanceOf(ForwardException.class)
                .hasMessageContaining("Which port of pod monitoring/my-app-0? Write my-app-0:PORT");
        assertThatThrownBy(() -> ForwardSpec.parse("deploy/grafana", NS))
                .hasMessageContaining("use pod/NAME, svc/NAME");
        assertThatThrownBy(() -> ForwardSpec.parse("svc/Bad_Name:80", NS))
                .hasMessageContaining("'Bad_Name' is not a valid Service name");
        assertThatThrownBy(() -> ForwardSpec.parse("prometheus-0:http", NS))
                .hasMessageContaining("must be a number from 1 to 65535, not 'http'");
        assertThatThrownBy(() -> ForwardSpec.parse("prometheus-0:70000", NS)).isInstanceOf(ForwardException.class);
        assertThatThrownBy(() -> ForwardPreset.PROMETHEUS.spec(NS).withLocalPort(65536))
                .hasMessageContaining("The local port must be between 1 and 65535");
    }

    @Test
    void onlyLoopbackNeedsNoConfirmation() {
        ForwardSpec spec = ForwardPreset.PROMETHEUS.spec(NS);
        assertThat(spec.loopback()).isTrue();
        assertThat(spec.withBindAddress("localhost", false).needsConfirmation()).isFalse();
        assertThat(spec.withBindAddress("::1", false).needsConfirmation()).isFalse();
        assertThat(spec.withBindAddress("127.0.0.2", false).needsConfirmation()).isFalse();
        assertThat(spec.withBindAddress("0.0.0.0", false).needsConfirmation()).isTrue();
        assertThat(spec.withBindAddress("192.168.1.20", false).needsConfirmation()).isTrue();
        assertThat(spec.withBindAddress("0.0.0.0", true).needsConfirmation()).isFalse();
        assertThatThrownBy(() -> spec.withBindAddress("my-laptop.local", true))
                .hasMessageContaining("must be an IP address");
    }

    @Test
    void urlAndKubectlCommandShowThePortInUse() {
        ForwardSpec spec = ForwardPreset.PROMETHEUS.spec(NS);
        ForwardStatus s = status(spec, "prod-eu", 9091);

        assertThat(s.url()).isEqualTo("http://127.0.0.1:9091/");
        assertThat(s.kubectlCommand()).isEqualTo(
                "kubectl port-forward --context prod-eu -n monitoring svc/prometheus 9091:9090");
        assertThat(s.summary()).isEqualTo("ACTIVE http://127.0.0.1:9091/ -> monitoring/prometheus-0");
    }

    @Test
    void nonLoopbackAddressesAppearInTheCommandAndOddContextsAreQuoted() {
        ForwardSpec exposed = ForwardSpec.parse("pod/prometheus-0", NS).withBindAddress("0.0.0.0", true);
        ForwardStatus s = status(exposed, "arn:aws:eks:eu-west-1:123:cluster/prod ops", 9090);

        assertThat(s.exposed()).isTrue();
        assertThat(s.url()).isEqualTo("http://127.0.0.1:9090/");
        assertThat(s.kubectlCommand()).isEqualTo("kubectl port-forward --context"
                + " 'arn:aws:eks:eu-west-1:123:cluster/prod ops' -n monitoring pod/prometheus-0 9090:9090"
                + " --address 0.0.0.0");
        ForwardStatus v6 = status(exposed.withBindAddress("::1", false), "", 9090);
        assertThat(v6.url()).isEqualTo("http://[::1]:9090/");
        assertThat(v6.kubectlCommand()).startsWith("kubectl port-forward -n monitoring");
    }

    @Test
    void healthPathsMustBePaths() {
        assertThatThrownBy(() -> HealthCheck.http("ready")).hasMessageContaining("must start with '/'");
        assertThat(HealthCheck.http("/-/ready").describe()).isEqualTo("HTTP GET /-/ready");
        assertThat(HealthCheck.tcp().describe()).isEqualTo("TCP stream");
    }
}
