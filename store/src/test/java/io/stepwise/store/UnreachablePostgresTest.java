package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Nothing listens on port 1: what a server and a test say when PostgreSQL is not there. */
class UnreachablePostgresTest {
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/stepwise?user=sw&password=s3cret&connectTimeout=2";

    @Test
    void opening_the_store_fails_naming_the_database_without_its_password() {
        assertThatThrownBy(() -> Database.open(new StoreConfig.Postgres(NOWHERE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the PostgreSQL database jdbc:postgresql://127.0.0.1:1/stepwise")
                .hasMessageContaining("refused")
                .message().doesNotContain("s3cret");
    }

    @Test
    void a_postgresql_test_fails_with_what_to_do_instead_of_being_skipped() {
        assertThatThrownBy(() -> TestDatabase.createPostgres(NOWHERE, "stepwise_test_x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the PostgreSQL tests need a PostgreSQL server")
                .hasMessageContaining("STEPWISE_TEST_POSTGRES")
                .message().doesNotContain("s3cret");
    }
}
