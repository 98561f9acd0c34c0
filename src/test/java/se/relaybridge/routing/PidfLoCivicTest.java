package se.relaybridge.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.routing.RoutingFixtures.pidf;

class PidfLoCivicTest {

    @Test
    void readsCountryAndAdministrativeAreas() {
        CivicLocation civic = PidfLoCivic.parse(pidf("SE", "Västra Götalands län", "Göteborg"));

        assertThat(civic).isEqualTo(CivicLocation.of("SE", "Västra Götalands län", "Göteborg", null));
    }

    @Test
    void malformedXmlIsUnreadableNotAnException() {
        assertThat(PidfLoCivic.parse("<presence>").unreadable()).isEqualTo("not well-formed XML");
        assertThat(PidfLoCivic.parse("").unreadable()).isEqualTo("empty body");
        assertThat(PidfLoCivic.parse(null).isReadable()).isFalse();
    }

    @Test
    void aGeodeticOnlyBodyHasNoCivicAddress() {
        String geodetic = """
                <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
                          xmlns:gml="http://www.opengis.net/gml" entity="pres:a@example.se">
                  <tuple id="t"><status><gp:geopriv><gp:location-info>
                    <gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>57.7 11.97</gml:pos></gml:Point>
                  </gp:location-info></gp:geopriv></status></tuple></presence>""";

        assertThat(PidfLoCivic.parse(geodetic).isReadable()).isFalse();
    }

    @Test
    void refusesDoctypesSoNoExternalEntityIsRead() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE presence [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
                <presence xmlns="urn:ietf:params:xml:ns:pidf"
                          xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr">
                  <ca:civicAddress><ca:country>SE</ca:country><ca:A2>&x;</ca:A2></ca:civicAddress></presence>""";

        CivicLocation civic = PidfLoCivic.parse(xxe);

        assertThat(civic.isReadable()).isFalse();
        assertThat(civic.a2()).isNull();
    }

    @Test
    void municipalityNamesMatchTheWayAddressesWriteThem() {
        Municipalities m = Municipalities.scb();

        assertThat(m.kommunkodOf("GÖTEBORG")).hasValue("1480");
        assertThat(m.kommunkodOf("Göteborgs stad")).hasValue("1480");
        assertThat(m.kommunkodOf("Stockholms kommun")).hasValue("0180");
        assertThat(m.kommunkodOf("Upplands-Väsby")).hasValue("0114");
        assertThat(m.kommunkodOf("Malung-Sälen")).hasValue("2023");
        assertThat(m.kommunkodOf("Umea")).hasValue("2480");
        assertThat(m.kommunkodOf("Hagfors")).hasValue("1783");
        assertThat(m.kommunkodOf("Atlantis")).isEmpty();
    }

    @Test
    void theScbListHas290MunicipalitiesEachInALan() {
        assertThat(Municipalities.all()).hasSize(290);
        assertThat(Municipalities.all().keySet()).allSatisfy(code -> assertThat(Lan.isKommunkod(code)).isTrue());
        assertThat(Municipalities.all().keySet().stream().map(c -> c.substring(0, 2)).distinct())
                .containsExactlyInAnyOrderElementsOf(Lan.CODES);
        assertThat(Municipalities.all()).containsEntry("0180", "Stockholm").containsEntry("1280", "Malmö")
                .containsEntry("0380", "Uppsala").containsEntry("0580", "Linköping").containsEntry("2584", "Kiruna");
    }

    @Test
    void lanNamesAsAddressesWriteThem() {
        assertThat(Lan.ofName("Västra Götalands län")).hasValue("14");
        assertThat(Lan.ofName("Skåne")).hasValue("12");
        assertThat(Lan.ofName("Region Skåne")).hasValue("12");
        assertThat(Lan.ofName("stockholm")).hasValue("01");
        assertThat(Lan.ofName("25")).hasValue("25");
        assertThat(Lan.ofName("11")).isEmpty();
        assertThat(Lan.ofName("Lappland")).isEmpty();
    }
}
