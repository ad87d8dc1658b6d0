package io.stepwise.asl;

/** The two query languages of ASL; a state's effective language is resolved by the parser. */
public enum QueryLanguage { JSONPATH, JSONATA }
