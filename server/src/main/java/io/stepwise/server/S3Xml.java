package io.stepwise.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * S3's REST-XML bodies, through the JDK's StAX writer and DOM parser (no DTDs, no external entities). Element names are
 * the S3 model's ({@code aws-models/s3-2006-03-01.service.json}); lists are flattened where the model says so.
 */
final class S3Xml {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private final StringWriter text = new StringWriter();
    private final XMLStreamWriter w;

    private S3Xml(String root, boolean namespaced) {
        try {
            w = OUT.createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement(root);
            if (namespaced) w.writeDefaultNamespace(NS);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response document whose root element is in S3's namespace. */
    static S3Xml document(String root) {
        return new S3Xml(root, true);
    }

    /** The {@code <Error>} document, which has no namespace. */
    static S3Xml error() {
        return new S3Xml("Error", false);
    }

    S3Xml start(String name) {
        try {
            w.writeStartElement(name);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    S3Xml end() {
        try {
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    S3Xml element(String name, Object value) {
        start(name);
        try {
            w.writeCharacters(String.valueOf(value));
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return end();
    }

    String done() {
        try {
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** S3's timestamp in XML bodies: ISO 8601 with milliseconds ({@code 2009-10-12T17:50:30.000Z}). */
    static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** The root element of a request body; {@code MalformedXML} for anything that is not well-formed XML. */
    static Element parse(byte[] body) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw S3Error.malformedXml();
        }
    }

    /** The direct children of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name.equals(e.getLocalName()) || name.equals(e.getTagName()))) out.add(e);
        }
        return out;
    }

    /** The text of the one child named {@code name}; {@code MalformedXML} without it. */
    static String child(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.size() != 1) throw S3Error.malformedXml();
        return found.getFirst().getTextContent().strip();
    }
}
