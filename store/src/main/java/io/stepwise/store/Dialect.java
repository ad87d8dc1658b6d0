package io.stepwise.store;

/** The database behind a {@link Database}, for the rare statement that has no portable form. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The folder of this vendor's scripts beside the other vendor's: {@code db/<module>/<folder>}. */
    String folder() {
        return folder;
    }
}
