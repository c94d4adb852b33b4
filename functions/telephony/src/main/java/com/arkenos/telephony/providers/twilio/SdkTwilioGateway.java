package com.arkenos.telephony.providers.twilio;

import com.arkenos.telephony.providers.ProviderException;
import com.twilio.base.ResourceSet;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Mobile;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.TollFree;
import com.twilio.rest.api.v2010.account.sip.credentiallist.Credential;
import com.twilio.rest.api.v2010.account.sip.ipaccesscontrollist.IpAddress;
import com.twilio.rest.trunking.v1.Trunk;
import com.twilio.rest.trunking.v1.trunk.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link TwilioGateway} over the official Twilio Java SDK.
 *
 * <p>Each instance owns one {@link TwilioRestClient} and one connection pool, built once: create the gateway at
 * Lambda init and reuse it. It never touches the SDK's global {@code Twilio.init} state, so gateways for different
 * accounts can live side by side. Nothing here logs; errors carry no credentials.
 */
public final class SdkTwilioGateway implements TwilioGateway, AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private final TwilioRestClient client;
    private final TwilioHttpClient http;
    private final TwilioErrors errors;

    public SdkTwilioGateway(TwilioCredentials credentials) {
        this(credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public SdkTwilioGateway(TwilioCredentials credentials, Duration connectTimeout, Duration readTimeout) {
        Objects.requireNonNull(credentials, "credentials");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        this.http = new TwilioHttpClient(credentials.apiBaseUrl(), connectTimeout, readTimeout);
        this.client = new TwilioRestClient.Builder(credentials.accountSid(), credentials.authToken())
                .httpClient(http)
                .build();
        this.errors = new TwilioErrors(credentials.authToken());
    }

    /**
     * Loads what a first trunk check runs through (the SDK's client and its connection pool, its JSON mapping of a
     * trunk, ours of it) on a gateway that never connects; nothing is sent. For a warm-up beside a function's init
     * ({@code BackgroundWarmUp}).
     */
    public static void loadTrunkPath() {
        try (SdkTwilioGateway g = new SdkTwilioGateway(new TwilioCredentials("AC" + "0".repeat(32), "warm-up",
                "http://127.0.0.1:9"))) {
            SdkMappers.trunk(Trunk.fromJson("{\"sid\":\"TK" + "0".repeat(32) + "\",\"domain_name\":\"warm-up\"}",
                    g.client.getObjectMapper()));
        }
    }

    @Override
    public List<AvailableNumber> searchAvailable(NumberSearch search) {
        Objects.requireNonNull(search, "search");
        String country = search.country();
        Integer areaCode = search.areaCode();
        String contains = search.contains();
        long limit = search.limit();
        // The three SDK readers share no interface for their filters, hence the three chains.
        return call(TwilioOps.AVAILABLE_PHONE_NUMBERS_LIST, () -> switch (search.type()) {
            case LOCAL -> firstPage(Local.reader(country).setVoiceEnabled(true).setAreaCode(areaCode)
                    .setContains(contains).setPageSize(limit), SdkMappers::available, limit);
            case TOLL_FREE -> firstPage(TollFree.reader(country).setVoiceEnabled(true).setAreaCode(areaCode)
                    .setContains(contains).setPageSize(limit), SdkMappers::available, limit);
            case MOBILE -> firstPage(Mobile.reader(country).setVoiceEnabled(true).setAreaCode(areaCode)
                    .setContains(contains).setPageSize(limit), SdkMappers::available, limit);
        });
    }

    /** One page of at most {@code limit}: Twilio does not page number searches, it returns its best matches. */
    private <R extends com.twilio.base.Resource> List<AvailableNumber> firstPage(
            com.twilio.base.Reader<R> reader, Function<R, AvailableNumber> mapper, long limit) {
        return reader.firstPage(client).getRecords().stream().map(mapper).limit(limit).toList();
    }

    @Override
    public OwnedNumber buy(String e164) {
        requireE164(e164);
        return call(TwilioOps.INCOMING_PHONE_NUMBERS_CREATE, () -> SdkMappers.owned(
                IncomingPhoneNumber.creator(new com.twilio.type.PhoneNumber(e164)).create(client)));
    }

    /** Twilio's PhoneNumber filter matches partial numbers, so only an exact match counts. */
    @Override
    public Optional<OwnedNumber> findOwned(String e164) {
        requireE164(e164);
        return call(TwilioOps.INCOMING_PHONE_NUMBERS_LIST, () -> stream(
                IncomingPhoneNumber.reader().setPhoneNumber(new com.twilio.type.PhoneNumber(e164)).read(client))
                .map(SdkMappers::owned)
                .filter(n -> e164.equals(n.phoneNumber()))
                .findFirst());
    }

    @Override
    public SipTrunk createTrunk(String friendlyName) {
        requireText(friendlyName, "friendlyName");
        return call(TwilioOps.TRUNKS_CREATE,
                () -> SdkMappers.trunk(Trunk.creator().setFriendlyName(friendlyName).create(client)));
    }

    @Override
    public Optional<SipTrunk> fetchTrunk(String trunkSid) {
        requireSid(trunkSid, "TK");
        return absentOn404(() -> call(TwilioOps.TRUNKS_FETCH,
                () -> SdkMappers.trunk(Trunk.fetcher(trunkSid).fetch(client))));
    }

    @Override
    public List<SipTrunk> listTrunks() {
        return list(TwilioOps.TRUNKS_LIST, () -> Trunk.reader().read(client), SdkMappers::trunk);
    }

    @Override
    public SipTrunk updateTrunkDomain(String trunkSid, String domainName) {
        requireSid(trunkSid, "TK");
        requireText(domainName, "domainName");
        return call(TwilioOps.TRUNKS_UPDATE,
                () -> SdkMappers.trunk(Trunk.updater(trunkSid).setDomainName(domainName).update(client)));
    }

    @Override
    public List<OriginationUrl> listOriginationUrls(String trunkSid) {
        requireSid(trunkSid, "TK");
        return list(TwilioOps.ORIGINATION_URLS_LIST,
                () -> com.twilio.rest.trunking.v1.trunk.OriginationUrl.reader(trunkSid).read(client),
                SdkMappers::originationUrl);
    }

    @Override
    public OriginationUrl createOriginationUrl(String trunkSid, String friendlyName, String sipUrl, int priority,
                                               int weight) {
        requireSid(trunkSid, "TK");
        requireText(friendlyName, "friendlyName");
        requireText(sipUrl, "sipUrl");
        URI uri = URI.create(sipUrl);
        return call(TwilioOps.ORIGINATION_URLS_CREATE, () -> SdkMappers.originationUrl(
                com.twilio.rest.trunking.v1.trunk.OriginationUrl
                        .creator(trunkSid, weight, priority, true, friendlyName, uri)
                        .create(client)));
    }

    @Override
    public boolean isNumberOnTrunk(String trunkSid, String phoneNumberSid) {
        requireSid(trunkSid, "TK");
        requireSid(phoneNumberSid, "PN");
        return absentOn404(() -> call(TwilioOps.TRUNK_PHONE_NUMBERS_FETCH,
                () -> PhoneNumber.fetcher(trunkSid, phoneNumberSid).fetch(client))).isPresent();
    }

    /**
     * Twilio refuses to associate a number twice, whether with this trunk or another. On a refusal the trunk is
     * asked whether it already has the number; only then is the refusal success. This also makes a retry after a
     * timeout (that did associate on Twilio's side) succeed.
     */
    @Override
    public void associateNumber(String trunkSid, String phoneNumberSid) {
        requireSid(trunkSid, "TK");
        requireSid(phoneNumberSid, "PN");
        linkIdempotently(() -> call(TwilioOps.TRUNK_PHONE_NUMBERS_CREATE,
                        () -> PhoneNumber.creator(trunkSid, phoneNumberSid).create(client)),
                () -> isNumberOnTrunk(trunkSid, phoneNumberSid));
    }

    @Override
    public void removeNumber(String trunkSid, String phoneNumberSid) {
        requireSid(trunkSid, "TK");
        requireSid(phoneNumberSid, "PN");
        absentOn404(() -> call(TwilioOps.TRUNK_PHONE_NUMBERS_DELETE,
                () -> PhoneNumber.deleter(trunkSid, phoneNumberSid).delete(client)));
    }

    @Override
    public List<CredentialList> listCredentialLists() {
        return list(TwilioOps.CREDENTIAL_LISTS_LIST,
                () -> com.twilio.rest.api.v2010.account.sip.CredentialList.reader().read(client),
                SdkMappers::credentialList);
    }

    @Override
    public CredentialList createCredentialList(String friendlyName) {
        requireText(friendlyName, "friendlyName");
        return call(TwilioOps.CREDENTIAL_LISTS_CREATE, () -> SdkMappers.credentialList(
                com.twilio.rest.api.v2010.account.sip.CredentialList.creator(friendlyName).create(client)));
    }

    @Override
    public List<String> listCredentialUsernames(String credentialListSid) {
        requireSid(credentialListSid, "CL");
        return list(TwilioOps.CREDENTIALS_LIST, () -> Credential.reader(credentialListSid).read(client),
                Credential::getUsername);
    }

    @Override
    public void createCredential(String credentialListSid, String username, String password) {
        requireSid(credentialListSid, "CL");
        requireText(username, "username");
        requireText(password, "password");
        try {
            Credential.creator(credentialListSid, username, password).create(client);
        } catch (TwilioException e) {
            throw errors.map(TwilioOps.CREDENTIALS_CREATE, e, password);
        }
    }

    @Override
    public void deleteCredential(String credentialListSid, String username) {
        requireSid(credentialListSid, "CL");
        requireText(username, "username");
        Optional<String> credentialSid = call(TwilioOps.CREDENTIALS_LIST,
                () -> stream(Credential.reader(credentialListSid).read(client))
                        .filter(c -> username.equals(c.getUsername()))
                        .map(Credential::getSid)
                        .findFirst());
        credentialSid.ifPresent(sid -> absentOn404(() -> call(TwilioOps.CREDENTIALS_DELETE,
                () -> Credential.deleter(credentialListSid, sid).delete(client))));
    }

    @Override
    public List<String> listTrunkCredentialLists(String trunkSid) {
        requireSid(trunkSid, "TK");
        return list(TwilioOps.TRUNK_CREDENTIAL_LISTS_LIST,
                () -> com.twilio.rest.trunking.v1.trunk.CredentialList.reader(trunkSid).read(client),
                com.twilio.rest.trunking.v1.trunk.CredentialList::getSid);
    }

    @Override
    public void linkCredentialList(String trunkSid, String credentialListSid) {
        requireSid(trunkSid, "TK");
        requireSid(credentialListSid, "CL");
        linkIdempotently(() -> call(TwilioOps.TRUNK_CREDENTIAL_LISTS_CREATE,
                        () -> com.twilio.rest.trunking.v1.trunk.CredentialList.creator(trunkSid, credentialListSid)
                                .create(client)),
                () -> listTrunkCredentialLists(trunkSid).contains(credentialListSid));
    }

    @Override
    public IpAccessControlList createIpAccessControlList(String friendlyName) {
        requireText(friendlyName, "friendlyName");
        return call(TwilioOps.IP_ACCESS_CONTROL_LISTS_CREATE, () -> SdkMappers.ipAccessControlList(
                com.twilio.rest.api.v2010.account.sip.IpAccessControlList.creator(friendlyName).create(client)));
    }

    @Override
    public List<IpAccessControlList> listIpAccessControlLists() {
        return list(TwilioOps.IP_ACCESS_CONTROL_LISTS_LIST,
                () -> com.twilio.rest.api.v2010.account.sip.IpAccessControlList.reader().read(client),
                SdkMappers::ipAccessControlList);
    }

    @Override
    public void addIpAddress(String ipAccessControlListSid, String friendlyName, String ipAddress) {
        requireSid(ipAccessControlListSid, "AL");
        requireText(friendlyName, "friendlyName");
        requireText(ipAddress, "ipAddress");
        call(TwilioOps.IP_ADDRESSES_CREATE,
                () -> IpAddress.creator(ipAccessControlListSid, friendlyName, ipAddress).create(client));
    }

    @Override
    public List<String> listIpAddresses(String ipAccessControlListSid) {
        requireSid(ipAccessControlListSid, "AL");
        return list(TwilioOps.IP_ADDRESSES_LIST, () -> IpAddress.reader(ipAccessControlListSid).read(client),
                IpAddress::getIpAddress);
    }

    @Override
    public void linkIpAccessControlList(String trunkSid, String ipAccessControlListSid) {
        requireSid(trunkSid, "TK");
        requireSid(ipAccessControlListSid, "AL");
        linkIdempotently(() -> call(TwilioOps.TRUNK_IP_ACCESS_CONTROL_LISTS_CREATE,
                        () -> com.twilio.rest.trunking.v1.trunk.IpAccessControlList
                                .creator(trunkSid, ipAccessControlListSid).create(client)),
                () -> listTrunkIpAccessControlLists(trunkSid).contains(ipAccessControlListSid));
    }

    @Override
    public List<String> listTrunkIpAccessControlLists(String trunkSid) {
        requireSid(trunkSid, "TK");
        return list(TwilioOps.TRUNK_IP_ACCESS_CONTROL_LISTS_LIST,
                () -> com.twilio.rest.trunking.v1.trunk.IpAccessControlList.reader(trunkSid).read(client),
                com.twilio.rest.trunking.v1.trunk.IpAccessControlList::getSid);
    }

    /** Releases the connection pool. */
    @Override
    public void close() {
        http.close();
    }

    private <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (TwilioException e) {
            throw errors.map(operation, e);
        }
    }

    /** Reads every page inside {@link #call}: the SDK fetches later pages lazily while iterating. */
    private <R extends com.twilio.base.Resource, T> List<T> list(String operation, Supplier<ResourceSet<R>> reader,
                                                              Function<R, T> mapper) {
        return call(operation, () -> stream(reader.get()).map(mapper).toList());
    }

    private static <R extends com.twilio.base.Resource> Stream<R> stream(ResourceSet<R> resources) {
        return StreamSupport.stream(resources.spliterator(), false);
    }

    /** A 404 means "not there": empty instead of an error. */
    private static <T> Optional<T> absentOn404(Supplier<T> request) {
        try {
            return Optional.ofNullable(request.get());
        } catch (ProviderException.Permanent e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a create that links two resources; a 4xx refusal other than auth or not-found is success when
     * {@code alreadyLinked} confirms that the link exists (Twilio refuses duplicate links with 400 21245).
     */
    private static void linkIdempotently(Runnable create, Supplier<Boolean> alreadyLinked) {
        try {
            create.run();
        } catch (ProviderException.Permanent e) {
            boolean conflict = e.httpStatus() == 400 || e.httpStatus() == 409;
            if (!conflict || !alreadyLinked.get()) {
                throw e;
            }
        }
    }

    private static void requireE164(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("Not an E.164 phone number: " + e164);
        }
    }

    private static void requireSid(String sid, String prefix) {
        if (sid == null || !sid.matches(prefix + "[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("Not a " + prefix + " SID: " + sid);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requirePositive(Duration timeout, String name) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
