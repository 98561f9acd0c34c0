package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.relay.Rfc7852Schemas;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, acceptance 3, relaybridge in this JVM: the nurse transfers a video relay call with REFER and relaybridge
 * carries it out itself. The new queue gets all the relay's m-lines and its metadata, the relay leg stays up and is
 * re-offered the new queue's media, the nurse hears 100 then 200 in NOTIFYs and is let go. Attended transfer
 * (Replaces) works the same; a target that is busy leaves the call with the nurse.
 */
class TransferCallTest implements InJvmCalls {

    private static final int SIP_PORT = 27960;
    private static final int QUEUE_PORT = 27970;
    private static final int SPECIALIST_PORT = 27972;
    private static final int EMERGENCY_PORT = 27974;
    private static final int SPARE_SPECIALIST_PORT = 27976;
    private static final String VIDEO_RELAY_TRUNK = "127.0.0.12";
    private static final String SPECIALIST = "sip:1177@127.0.0.1:" + SPECIALIST_PORT;

    @TempDir
    static Path configRoot;
    private static RunningB2bua running;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path queues = configRoot.resolve("sip-config/queues.json");
        Files.writeString(queues, Files.readString(queues).replace("\"queues\": [", """
                "queues": [ { "id": "specialist", "name": "specialist", "targets": ["%s"] },
                            { "id": "specialists", "name": "two specialists",
                              "targets": ["%s", "sip:1177@127.0.0.1:%d"] },
                            { "id": "112", "name": "SOS Alarm", "targets": ["sip:112@127.0.0.1:%d"], "emergency": true },
                """.formatted(SPECIALIST, SPECIALIST, SPARE_SPECIALIST_PORT, EMERGENCY_PORT)));
        running = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Override
    public RunningB2bua running() {
        return running;
    }

    @Test
    void aBlindTransferKeepsTheRelayAndMovesItsMediaToTheNewQueue() {
        List<CallSnapshot> seen = new CopyOnWriteArrayList<>();
        CallWatcher watcher = new CallWatcher() {
            @Override
            public void changed(CallSnapshot call) {
                seen.add(call);
            }

            @Override
            public void finished(CallSnapshot call) {
                seen.add(call);
            }
        };
        running.b2bua().registry().watch(watcher);
        Transferred call;
        try {
            call = transfer("sip:specialist@127.0.0.1:" + SIP_PORT, specialistAnswering());
        } finally {
            running.b2bua().registry().unwatch(watcher);
        }
        CallSnapshot ended = seen.stream().filter(CallSnapshot::ended).findFirst().orElseThrow();
        assertThat(ended.queue()).as("the board and the records see the call in its new queue").isEqualTo("specialist");
        assertThat(ended.targetsTried()).containsExactly("sip:1177@127.0.0.1:" + QUEUE_PORT, SPECIALIST);
        assertThat(ended.outcome()).isEqualTo("completed:relay-hangup");

        SipText toSpecialist = call.target().received("INVITE");
        assertThat(toSpecialist.startLine()).startsWith("INVITE " + SPECIALIST);
        assertThat(mediaLinesOf(toSpecialist)).as("every m-line of the relay, in its order")
                .containsSubsequence("m=video 49174 RTP/AVP 96", "a=hlang-send:swl", "m=audio 49170 RTP/AVP 0");
        assertThat(toSpecialist.header("X-Relay-Service")).hasValue("video");
        assertThat(toSpecialist.header("X-Relay-Provider")).hasValue("bildtelefoni");
        assertThat(toSpecialist.header("X-Relay-Call-Id")).isEqualTo(call.firstInvite().header("X-Relay-Call-Id"));
        assertThat(toSpecialist.header("Referred-By")).hasValue("<sip:nurse-1@127.0.0.1>");
        assertThat(QueueInviteBody.of(toSpecialist).relayJson().getString("service")).isEqualTo("video");

        List<SipText> reinvites = SippCalls.seen(call.relay(), true, "INVITE", "INVITE");
        assertThat(reinvites).as("the relay is re-offered the new queue's media, once").hasSize(1);
        String reoffer = reinvites.get(0).body();
        assertThat(SippCalls.mediaLines(reoffer)).containsSubsequence("m=video 52376 RTP/AVP 96", "m=audio 52372 RTP/AVP 0");
        assertThat(originOf(reoffer)).as("the relay's session goes on: same origin, next version")
                .isEqualTo(originOf(firstAnswerToRelay(call)).replace(" 2890844527 IN ", " 2890844528 IN "));
        assertThat(SippCalls.seen(call.relay(), true, "BYE", null)).as("no BYE to the relay, ever").isEmpty();
        assertThat(notifiedStatuses(call.nurse())).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        assertThat(SippCalls.seen(call.nurse(), true, "BYE", null)).as("the nurse is let go").hasSize(1);
        assertThat(SippCalls.seen(call.nurse(), true, "REFER", null)).isEmpty();
    }

    @Test
    void aNurseWhoseByeCrossesRelaybridgesAfterTheTransferLeavesThePersonConnected() {
        SippPeer specialist = specialistAnswering();
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", SPECIALIST).with("TRANSFER_STATUS", "200 OK")
                .withFragment("AFTER_TRANSFER", "uas_bye_crosses").with("QUEUE_BYE_CSEQ", "2"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "")
                .with("HANGUP_BLOCK", "  <pause milliseconds=\"1500\"/>\n" + Scenario.fragment("uac_sends_bye")));

        assertCompleted(relay, nurse);
        assertThat(specialist.awaitExit(CALL_LIMIT)).as("transfer target" + specialist.report()).isZero();
        assertNoCallLeft();
        assertThat(SippCalls.seen(relay, true, "BYE", null)).as("the nurse's BYE ends only her own leg").isEmpty();
        assertThat(SippCalls.seen(specialist, true, "BYE", null)).as("the person's own hang-up, later").hasSize(1);
    }

    /**
     * The BYE that lets the nurse go waits for her answer to the NOTIFY saying the transfer went through: sent
     * together, a front's parallel workers passed the BYE first (ClusterIT), and her phone never learnt the outcome.
     */
    @Test
    void theNurseIsLetGoOnlyOnceSheHasAnsweredTheNotifyThatTheTransferWentThrough() {
        // a nurse slow to answer the final NOTIFY: a BYE before her 200 OK would abort her scenario
        String answersLate = Scenario.fragment("uas_refers").replace("<Reference variables=\"outcome\"/>",
                "<Reference variables=\"outcome\"/>\n  <pause milliseconds=\"1000\"/>");
        SippPeer nurse = transfer(SPECIALIST, specialistAnswering(), Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt"), answersLate).nurse();

        assertThat(notifiedStatuses(nurse).stream().distinct()).as("the last one retransmitted while she waits")
                .containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        assertThat(SippCalls.seen(nurse, true, "BYE", null)).as("the nurse is let go, after her answer").hasSize(1);
    }

    @Test
    void aRelayThatAnswersTheReofferWith491GetsItAgainAndTheTransferGoesThrough() {
        SippPeer specialist = specialistAnswering();
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", SPECIALIST).with("TRANSFER_STATUS", "200 OK")
                .withFragment("AFTER_TRANSFER", "receives_bye"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .with("MIDCALL_BLOCK", Scenario.fragment("mid_uac_glares_reinvite") + Scenario.fragment("mid_uac_answers_reinvite"))
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

        assertCompleted(relay, nurse);
        assertThat(specialist.awaitExit(CALL_LIMIT)).as("transfer target" + specialist.report()).isZero();
        assertNoCallLeft();
        List<SipText> reoffers = SippCalls.seen(relay, true, "INVITE", "INVITE");
        assertThat(reoffers).hasSize(2);
        assertThat(reoffers.get(1).body()).as("the same offer again, not a newer version").isEqualTo(reoffers.get(0).body());
        assertThat(notifiedStatuses(nurse)).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        assertThat(SippCalls.seen(relay, true, "BYE", null)).isEmpty();
    }

    @Test
    void aRelayThatRefusesTheReofferKeepsItsSessionAndTheNextTransferContinuesIt() {
        SippPeer first = specialistAnswering();
        SippPeer second = SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                        .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio_specialist.txt")
                        .withFragment("HANGUP_BLOCK", "receives_bye"),
                "127.0.0.1", SPARE_SPECIALIST_PORT, CALL_LIMIT);
        String secondRefer = Scenario.fragment("uas_refers").replace("@REFER_CSEQ@", "2")
                .replace("@REFER_TO@", "sip:1177@127.0.0.1:" + SPARE_SPECIALIST_PORT)
                .replace("@TRANSFER_STATUS@", "200 OK").replace("@AFTER_TRANSFER@", Scenario.fragment("receives_bye"));
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", SPECIALIST).with("TRANSFER_STATUS", "488 Not Acceptable Here")
                .with("AFTER_TRANSFER", secondRefer));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .with("MIDCALL_BLOCK", Scenario.fragment("mid_uac_glares_reinvite")
                        .replace("491 Request Pending", "488 Not Acceptable Here")
                        + Scenario.fragment("mid_uac_answers_reinvite"))
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

        assertCompleted(relay, nurse);
        assertThat(first.awaitExit(CALL_LIMIT)).as("first target, let go" + first.report()).isZero();
        assertThat(second.awaitExit(CALL_LIMIT)).as("second target" + second.report()).isZero();
        assertNoCallLeft();
        assertThat(notifiedStatuses(nurse)).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 488 Not Acceptable Here",
                "SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        List<SipText> reoffers = SippCalls.seen(relay, true, "INVITE", "INVITE");
        assertThat(reoffers).hasSize(2);
        assertThat(originOf(reoffers.get(1).body())).as("the refused offer never became the relay's session")
                .isEqualTo(originOf(reoffers.get(0).body()));
        assertThat(SippCalls.seen(relay, true, "BYE", null)).isEmpty();
    }

    @Test
    void anAttendedTransferReplacesTheConsultationCall() {
        String replaces = "consult-7%40127.0.0.1%3Bto-tag%3Dspec-1%3Bfrom-tag%3Dnurse-1";
        Transferred call = transfer(SPECIALIST + "?Replaces=" + replaces, specialistAnswering());

        SipText toSpecialist = call.target().received("INVITE");
        assertThat(toSpecialist.startLine()).startsWith("INVITE " + SPECIALIST + " ");
        assertThat(toSpecialist.header("Replaces")).hasValue("consult-7@127.0.0.1;to-tag=spec-1;from-tag=nurse-1");
        assertThat(toSpecialist.header("Require")).hasValueSatisfying(r -> assertThat(r).contains("replaces"));
        assertThat(mediaLinesOf(toSpecialist)).containsSubsequence("m=video 49174 RTP/AVP 96", "m=audio 49170 RTP/AVP 0");
        assertThat(SippCalls.seen(call.relay(), true, "INVITE", "INVITE")).hasSize(1);
        assertThat(SippCalls.seen(call.relay(), true, "BYE", null)).isEmpty();
        assertThat(notifiedStatuses(call.nurse())).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
    }

    @Test
    void aNurseWhoHoldsTransfersAndLeavesAtOnceLeavesThePersonConnected() {
        SippPeer specialist = specialistAnswering();
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uas_holds")
                .withFragment("HANGUP_BLOCK", "uas_refers_and_leaves")
                .with("REFER_TO", SPECIALIST).with("REFER_CSEQ", "2").with("QUEUE_BYE_CSEQ", "3"));
        String heldAnswer = Scenario.fragment("body_sdp.txt").replace("@SDP@",
                Scenario.fragment("sdp_video_audio_swl_recvonly.txt"));
        String resumedAnswer = Scenario.fragment("body_sdp.txt").replace("@SDP@",
                Scenario.fragment("sdp_video_audio_swl.txt").replace(" 2353687637 ", " 2353687639 "));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .with("MIDCALL_BLOCK", Scenario.fragment("mid_uac_answers_reinvite").replace("@REANSWER_BODY@", heldAnswer)
                        + Scenario.fragment("mid_uac_answers_reinvite").replace("@REANSWER_BODY@", resumedAnswer))
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

        assertCompleted(relay, nurse);
        assertThat(specialist.awaitExit(CALL_LIMIT)).as("transfer target" + specialist.report()).isZero();
        assertNoCallLeft();
        List<String> offered = mediaLinesOf(specialist.received("INVITE"));
        assertThat(offered).as("the new party is not put on hold by the nurse's hold")
                .contains("a=sendrecv").doesNotContain("a=recvonly", "a=sendonly", "a=inactive");
        assertThat(notifiedStatuses(nurse)).containsExactly("SIP/2.0 100 Trying");
        assertThat(SippCalls.seen(relay, true, "BYE", null)).isEmpty();
        assertThat(SippCalls.seen(specialist, true, "INVITE", "INVITE")).as("the relay answered what the target was offered")
                .hasSize(1);
    }

    @Test
    void theEmergencyTargetGetsTheRfc7852BlocksThePersonsNumberAndLocation() {
        SippPeer sos = SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                        .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio_specialist.txt")
                        .withFragment("HANGUP_BLOCK", "receives_bye"),
                "127.0.0.1", EMERGENCY_PORT, CALL_LIMIT);
        Transferred call = transfer("sip:112@127.0.0.1:" + SIP_PORT, sos, Scenario.of("relay_uac_call.xml")
                .with("INVITE_BODY", Scenario.fragment("body_sdp_with_location.txt")
                        .replace("@SDP@", Scenario.fragment("sdp_video_audio_swl.txt")))
                .withInviteHeaders("Geolocation: <cid:location-1@relay.example>", "Geolocation-Routing: no"));

        SipText toSos = call.target().received("INVITE");
        assertThat(toSos.startLine()).startsWith("INVITE sip:112@127.0.0.1:" + EMERGENCY_PORT + " ");
        assertThat(toSos.header("Priority")).hasValue("emergency");
        QueueInviteBody body = QueueInviteBody.of(toSos);
        for (String type : List.of(Rfc7852Schemas.PROVIDER_INFO_TYPE, Rfc7852Schemas.SERVICE_INFO_TYPE,
                Rfc7852Schemas.SUBSCRIBER_INFO_TYPE)) {
            assertThat(body.has(type)).as(type).isTrue();
            Rfc7852Schemas.assertValid(type, body.part(type));
            assertThat(SippCalls.callInfos(toSos)).as("Call-Info for " + type)
                    .anyMatch(v -> v.contains("purpose=" + type.substring("application/".length(), type.indexOf('+'))));
        }
        assertThat(body.part(Rfc7852Schemas.PROVIDER_INFO_TYPE)).contains("<pi:TypeOfProvider>Relay Provider</pi:TypeOfProvider>");
        assertThat(body.part(Rfc7852Schemas.SERVICE_INFO_TYPE)).contains("<svc:ServiceType>relay</svc:ServiceType>");
        assertThat(body.part(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE)).contains("tel:+46812345678");
        String location = body.part("application/pidf+xml");
        assertThat(location).as("the relay's location, unchanged").contains("<ca:A2>Göteborg</ca:A2>");
        String cid = toSos.header("Geolocation").orElseThrow();
        assertThat(cid).matches("<cid:.+>");
        assertThat(body.contentIds()).as("the location part is the one Geolocation points at").contains("<" + cid.substring("<cid:".length()));
        assertThat(toSos.header("Geolocation-Routing")).hasValue("no");
        assertThat(mediaLinesOf(toSos)).containsSubsequence("m=video 49174 RTP/AVP 96", "m=audio 49170 RTP/AVP 0");
        assertThat(SippCalls.seen(call.relay(), true, "BYE", null)).isEmpty();
    }

    @Test
    void aTransferToAQueueFailsOverToItsNextTargetAsACallWould() {
        SippPeer down = SippPeer.uas(Scenario.of("queue_uas_reject.xml").with("STATUS", "503")
                .with("REASON", "Service Unavailable"), "127.0.0.1", SPECIALIST_PORT, CALL_LIMIT);
        SippPeer spare = SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                        .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio_specialist.txt")
                        .withFragment("HANGUP_BLOCK", "receives_bye"),
                "127.0.0.1", SPARE_SPECIALIST_PORT, CALL_LIMIT);
        Transferred call = transfer("sip:specialists@127.0.0.1:" + SIP_PORT, spare);

        assertThat(down.awaitExit(CALL_LIMIT)).as("the first specialist, down" + down.report()).isZero();
        assertThat(down.received("INVITE").header("Referred-By")).hasValue("<sip:nurse-1@127.0.0.1>");
        SipText toSpare = spare.received("INVITE");
        assertThat(toSpare.header("Referred-By")).as("every attempt carries the REFER's Referred-By")
                .hasValue("<sip:nurse-1@127.0.0.1>");
        assertThat(mediaLinesOf(toSpare)).containsSubsequence("m=video 49174 RTP/AVP 96", "m=audio 49170 RTP/AVP 0");
        assertThat(notifiedStatuses(call.nurse())).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        assertThat(SippCalls.seen(call.relay(), true, "INVITE", "INVITE")).hasSize(1);
    }

    @Test
    void aBusyTargetLeavesTheCallWithTheNurse() {
        SippPeer busy = SippPeer.uas(Scenario.of("queue_uas_reject.xml").with("STATUS", "486").with("REASON", "Busy Here"),
                "127.0.0.1", SPECIALIST_PORT, CALL_LIMIT);
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", SPECIALIST).with("TRANSFER_STATUS", "486 Busy Here")
                .withFragment("AFTER_TRANSFER", "uas_sends_bye").with("QUEUE_BYE_CSEQ", "2"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));

        assertCompleted(relay, nurse);
        assertThat(busy.awaitExit(CALL_LIMIT)).as(busy.report()).isZero();
        assertNoCallLeft();
        assertThat(notifiedStatuses(nurse)).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 486 Busy Here");
        assertThat(SippCalls.seen(relay, true, "INVITE", "INVITE")).as("the relay's media never moved").isEmpty();
        assertThat(SippCalls.seen(relay, true, "BYE", null)).as("the nurse's own hang-up, after the failed transfer")
                .hasSize(1);
    }

    @Test
    void aTransferThatFailsAfterTheNurseLeftTakesThePersonBackToTheQueue() {
        SippPeer busy = SippPeer.uas(Scenario.of("queue_uas_rings_then_rejects.xml").with("RING_MILLISECONDS", "4000")
                .with("STATUS", "486").with("REASON", "Busy Here"), "127.0.0.1", SPECIALIST_PORT, CALL_LIMIT);
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers_and_leaves")
                .with("REFER_TO", SPECIALIST).with("QUEUE_BYE_CSEQ", "2"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertThat(nurse.awaitExit(CALL_LIMIT)).as("first nurse" + nurse.report()).isZero();
        // the specialist rings for 4 s: time for the next nurse of the same queue to be at her desk
        SippPeer nextNurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio_specialist.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));

        assertCompleted(relay, nextNurse);
        assertThat(busy.awaitExit(CALL_LIMIT)).as(busy.report()).isZero();
        assertNoCallLeft();
        SipText back = nextNurse.received("INVITE");
        assertThat(back.header("X-Relay-Service")).hasValue("video");
        assertThat(mediaLinesOf(back)).containsSubsequence("m=video 49174 RTP/AVP 96", "m=audio 49170 RTP/AVP 0");
        assertThat(SippCalls.seen(relay, true, "INVITE", "INVITE")).as("re-offered the next nurse's media").hasSize(1);
        assertThat(SippCalls.seen(relay, true, "BYE", null)).as("the person was never dropped").isEmpty();
    }

    @Test
    void aPersonWhoHangsUpWhileTheTargetRingsEndsTheTransferToo() {
        SippPeer ringing = SippPeer.uas(Scenario.of("queue_uas_cancelled.xml"), "127.0.0.1", SPECIALIST_PORT, CALL_LIMIT);
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .withFragment("HANGUP_BLOCK", "uas_refers_then_gets_bye")
                .with("REFER_TO", SPECIALIST));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "  <pause milliseconds=\"1500\"/>")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

        assertCompleted(relay, nurse);
        assertThat(ringing.awaitExit(CALL_LIMIT)).as("the ringing target is cancelled" + ringing.report()).isZero();
        assertNoCallLeft();
        assertThat(notifiedStatuses(nurse)).containsExactly("SIP/2.0 100 Trying");
    }

    @Test
    void theRelayLegCannotTransferThePersonAway() {
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .withFragment("MIDCALL_BLOCK", "uac_refers_refused")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye").with("BYE_CSEQ", "3"));
        assertCompleted(relay, nurse);
        assertNoCallLeft();
        assertThat(SippCalls.seen(nurse, true, "REFER", null)).isEmpty();
    }

    private SippPeer specialistAnswering() {
        return SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                        .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio_specialist.txt")
                        .withFragment("HANGUP_BLOCK", "receives_bye"),
                "127.0.0.1", SPECIALIST_PORT, CALL_LIMIT);
    }

    /** The nurse queue answers a video relay call and REFERs it to {@code referTo}, where {@code target} answers. */
    private Transferred transfer(String referTo, SippPeer target) {
        return transfer(referTo, target, Scenario.of("relay_uac_call.xml").withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt"));
    }

    private Transferred transfer(String referTo, SippPeer target, Scenario relayCall) {
        return transfer(referTo, target, relayCall, Scenario.fragment("uas_refers"));
    }

    /** As above, the nurse's REFER and her answers to its NOTIFYs being {@code nurseRefers}. */
    private Transferred transfer(String referTo, SippPeer target, Scenario relayCall, String nurseRefers) {
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt")
                .with("HANGUP_BLOCK", nurseRefers)
                .with("REFER_TO", referTo).with("TRANSFER_STATUS", "200 OK")
                .withFragment("AFTER_TRANSFER", "receives_bye"));
        SippPeer relay = relay(VIDEO_RELAY_TRUNK, relayCall
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, nurse);
        assertThat(target.awaitExit(CALL_LIMIT)).as("transfer target" + target.report()).isZero();
        assertNoCallLeft();
        return new Transferred(relay, nurse, target, nurse.received("INVITE"));
    }

    private record Transferred(SippPeer relay, SippPeer nurse, SippPeer target, SipText firstInvite) {
    }

    private static List<String> notifiedStatuses(SippPeer nurse) {
        return SippCalls.seen(nurse, true, "NOTIFY", null).stream().map(n -> n.body().strip()).toList();
    }

    private static List<String> mediaLinesOf(SipText invite) {
        return SippCalls.mediaLines(QueueInviteBody.of(invite).part("application/sdp"));
    }

    private static String firstAnswerToRelay(Transferred call) {
        return SippCalls.seen(call.relay(), true, "SIP/2.0 200", "INVITE").get(0).body();
    }

    private static String originOf(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().strip();
    }
}
