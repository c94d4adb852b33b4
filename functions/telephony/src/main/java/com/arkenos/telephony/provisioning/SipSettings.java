package com.arkenos.telephony.provisioning;

import com.arkenos.telephony.core.Env;

import java.util.Arrays;
import java.util.List;

/**
 * Names and addresses of the shared SIP pieces. Names are how a run that crashed before recording a resource finds
 * it again, so they are fixed per deployment.
 *
 * @param twilioSignallingAddresses the addresses Twilio sends SIP from; the LiveKit inbound trunk accepts only these
 * @param terminationSipAddress where LiveKit's outbound trunk sends calls ({@code host[:port]}); blank means the
 *                              Twilio trunk's termination domain, as in every deployment that dials Twilio directly.
 *                              It is set for a SIP proxy of the operator's own between LiveKit and Twilio, and by the
 *                              local tests for the SIP stand-in that plays Twilio's termination side.
 */
public record SipSettings(String prefix, String liveKitSipUri, List<String> twilioSignallingAddresses,
                          String agentName, String roomPrefix, String terminationDomain,
                          String terminationSipAddress) {

    /**
     * Twilio's published Elastic SIP Trunking signalling ranges (North America Virginia and Oregon, Europe Ireland
     * and Frankfurt, Asia Pacific Singapore, Tokyo and Sydney, South America São Paulo).
     */
    public static final List<String> TWILIO_SIGNALLING = List.of("54.172.60.0/30", "54.244.51.0/30",
            "54.171.127.192/30", "35.156.191.128/30", "54.65.63.192/30", "54.169.127.128/30", "54.252.254.64/30",
            "177.71.206.192/30");

    public static SipSettings from(Env env, String liveKitSipUri, String twilioAccountSid) {
        String addresses = env.getOrDefault("TWILIO_SIGNALLING_ADDRESSES", String.join(",", TWILIO_SIGNALLING));
        String prefix = env.getOrDefault("SIP_RESOURCE_PREFIX", "Arkenos");
        String suffix = twilioAccountSid == null || twilioAccountSid.length() < 8 ? "local"
                : twilioAccountSid.substring(twilioAccountSid.length() - 8).toLowerCase();
        return new SipSettings(prefix, liveKitSipUri,
                Arrays.stream(addresses.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                env.getOrDefault("AGENT_NAME", "arkenos-agent"), env.getOrDefault("ROOM_PREFIX", "call-"),
                env.getOrDefault("TERMINATION_DOMAIN", prefix.toLowerCase() + "-" + suffix + ".pstn.twilio.com"),
                env.getOrDefault("TERMINATION_SIP_ADDRESS", "").strip());
    }

    /** The address LiveKit's outbound trunk dials: the override when set, else the Twilio trunk's domain. */
    public String outboundTrunkAddress(String twilioTerminationDomain) {
        return terminationSipAddress.isEmpty() ? twilioTerminationDomain : terminationSipAddress;
    }

    public String trunkName() {
        return prefix + " Inbound";
    }

    public String inboundTrunkName() {
        return prefix + " Inbound";
    }

    public String dispatchRuleName() {
        return prefix + " Dispatch";
    }

    public String outboundTrunkName() {
        return prefix + " Outbound";
    }

    public String credentialListName() {
        return prefix + " LiveKit";
    }
}
