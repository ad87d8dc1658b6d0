package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
    private static final Path DATA = Path.of("/srv/stepwise");

    @Test
    void no_database_means_the_embedded_store_in_the_data_folder() {
        assertThat(StoreConfig.parse(Optional.empty(), DATA)).isEqualTo(new StoreConfig.Embedded(DATA));
        assertThat(StoreConfig.parse(Optional.of(" "), DATA)).isEqualTo(new StoreConfig.Embedded(DATA));
        assertThat(StoreConfig.parse(Optional.of("embedded"), DATA)).isEqualTo(new StoreConfig.Embedded(DATA));
    }

    @Test
    void a_postgresql_jdbc_url_means_that_database() {
        String url = "jdbc:postgresql://db.internal:5432/stepwise?user=sw";
        assertThat(StoreConfig.parse(Optional.of(url), DATA)).isEqualTo(new StoreConfig.Postgres(url));
    }

    @Test
    void anything_else_is_refused_with_the_accepted_forms() {
        assertThatThrownBy(() -> StoreConfig.parse(Optional.of("jdbc:mysql://h/db"), DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'embedded'").hasMessageContaining("jdbc:postgresql://").hasMessageContaining("jdbc:mysql://h/db");
        assertThatThrownBy(() -> StoreConfig.parse(Optional.of("postgres://h/db"), DATA)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_password_never_shows_in_messages() {
        var pg = new StoreConfig.Postgres("jdbc:postgresql://h/db?user=sw&password=s3cret&ssl=true");
        assertThat(pg.toString()).doesNotContain("s3cret").contains("password=***&ssl=true");
        assertThatThrownBy(() -> StoreConfig.parse(Optional.of("mysql://h/db?password=s3cret"), DATA))
                .message().doesNotContain("s3cret");
    }
}
