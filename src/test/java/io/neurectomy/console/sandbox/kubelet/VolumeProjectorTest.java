package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SeededApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeProjectorTest {
    private static final String NS = "monitoring";
    private static final byte[] BINARY = {0, (byte) 0xff, (byte) 0xfe, 10, 13};

    @TempDir
    Path root;
    private SeededApi sandbox;
    private KubernetesClient admin;
    private VolumeProjector projector;
    private final Map<Path, Set<Path>> written = new HashMap<>();

    @BeforeEach
    void start() {
        sandbox = SeededApi.start();
        admin = sandbox.adminClient();
        projector = new VolumeProjector(admin);
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("extra").withNamespace(NS)
                .endMetadata().addToData("a", "alpha\n").addToData("b", "beta")
                .addToBinaryData("c", Base64.getEncoder().encodeToString(BINARY)).build()).create();
    }

    @AfterEach
    void stop() {
        admin.close();
        sandbox.close();
    }

    @Test
    void itemsSubPathsAndBinaryDataLandWhereAKubeletWouldPutThem() throws IOException {
        projector.project(pod(), root, true, written);

        assertThat(root.resolve("etc/picked/dir/x.txt")).hasContent("alpha\n");
        assertThat(root.resolve("etc/picked/b")).doesNotExist();
        assertThat(root.resolve("etc/single.conf")).hasContent("beta");
        assertThat(Files.readAllBytes(root.resolve("etc/all/c"))).isEqualTo(BINARY);
        assertThat(root.resolve("data")).isDirectory();
    }

    @Test
    void updatesReachVolumesAndRemoveDeletedKeysButNotSubPathMounts() throws IOException {
        projector.project(pod(), root, true, written);
        admin.configMaps().inNamespace(NS).withName("extra").edit(cm -> {
            cm.getData().put("a", "alpha 2\n");
            cm.getData().put("b", "beta 2");
            cm.getBinaryData().remove("c");
            return cm;
        });

        Set<Path> changed = projector.project(pod(), root, false, written);

        assertThat(root.resolve("etc/picked/dir/x.txt")).hasContent("alpha 2\n");
        assertThat(root.resolve("etc/all/b")).hasContent("beta 2");
        assertThat(root.resolve("etc/all/c")).doesNotExist();
        assertThat(root.resolve("etc/single.conf")).hasContent("beta"); // like a kubelet: subPath is not updated
        assertThat(changed).contains(root.resolve("etc/all/c"), root.resolve("etc/all/b"));
    }

    @Test
    void pathsCannotLeaveThePodDirectory() {
        assertThatThrownBy(() -> VolumeProjector.inside(root, "/etc/../../elsewhere"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VolumeProjector.inside(root, "/etc/prometheus")).isEqualTo(root.resolve("etc/prometheus"));
    }

    private Pod pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace(NS).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("c").withImage("busybox")
                .addNewVolumeMount().withName("picked").withMountPath("/etc/picked").endVolumeMount()
                .addNewVolumeMount().withName("all").withMountPath("/etc/all").endVolumeMount()
                .addNewVolumeMount().withName("all").withMountPath("/etc/single.conf").withSubPath("b")
                .endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("picked").withNewConfigMap().withName("extra")
                .addNewItem().withKey("a").withPath("dir/x.txt").endItem().endConfigMap().endVolume()
                .addNewVolume().withName("all").withNewConfigMap().withName("extra").endConfigMap().endVolume()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
    }
}
