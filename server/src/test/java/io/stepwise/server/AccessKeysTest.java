package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeysTest {
    @TempDir Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("credentials"), text);
    }

    @Test
    void every_profile_of_an_aws_shared_credentials_file_is_a_key() throws IOException {
        AccessKeys keys = AccessKeys.read(file("""
                # team keys
                [default]
                aws_access_key_id = AKIDDEFAULT
                aws_secret_access_key = wJalr/K7+MDENG

                ; a session token is ignored: there is no STS here
                [ci]
                AWS_ACCESS_KEY_ID=AKIDCI
                aws_secret_access_key=ci-secret
                aws_session_token = FwoGZX
                region = eu-west-1

                [settings-only]
                region = us-east-1
                """));

        assertThat(keys.secrets()).containsExactly(entry("AKIDDEFAULT", "wJalr/K7+MDENG"), entry("AKIDCI", "ci-secret"));
        assertThat(keys.secret("AKIDCI")).hasValue("ci-secret");
        assertThat(keys.secret("AKIDNOBODY")).isEmpty();
    }

    @Test
    void half_a_key_a_key_with_two_secrets_and_stray_lines_are_errors() throws IOException {
        assertThatThrownBy(() -> AccessKeys.read(file("[p]\naws_secret_access_key = s\n")))
                .hasMessageContaining("profile [p] needs both aws_access_key_id and aws_secret_access_key");
        assertThatThrownBy(() -> AccessKeys.read(file("[a]\naws_access_key_id=K\naws_secret_access_key=1\n"
                + "[b]\naws_access_key_id=K\naws_secret_access_key=2\n"))).hasMessageContaining("access key K appears with two secrets");
        assertThatThrownBy(() -> AccessKeys.read(file("aws_access_key_id=K\n"))).hasMessageContaining("line 1: expected [profile]");
        assertThatThrownBy(() -> AccessKeys.read(file("[a]\naws_access_key_id=K/1\naws_secret_access_key=s\n")))
                .hasMessageContaining("not a usable access key id: 'K/1'");
    }

    @Test
    void printing_keys_never_shows_a_secret() {
        assertThat(AccessKeys.of("AKIDSHOWN", "hidden-secret").toString()).contains("AKIDSHOWN").doesNotContain("hidden-secret");
    }

    @Test
    void sigv4_without_a_key_cannot_be_configured() {
        assertThatThrownBy(() -> new Auth.SigV4(AccessKeys.none())).isInstanceOf(IllegalArgumentException.class);
    }
}
