package se.relaybridge.sip;

import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/** What the call layer needs to build and send SIP messages on the running stack. */
public record SipContext(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                         AddressFactory addresses, SipSettings settings) {
}
