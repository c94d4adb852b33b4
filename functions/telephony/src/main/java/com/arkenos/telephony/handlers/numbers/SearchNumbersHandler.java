package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.http.ApiError;
import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.core.http.Text;
import com.arkenos.telephony.core.store.Cursors;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.providers.twilio.AvailableNumber;
import com.arkenos.telephony.providers.twilio.NumberSearch;
import com.arkenos.telephony.providers.twilio.NumberType;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/telephony/numbers/search}: Twilio's available numbers by country, area code, pattern and type.
 * Public, as in the product: the docs' search example sends no identity.
 */
public class SearchNumbersHandler extends HttpFunction {
    private static final Set<String> PARAMETERS = Set.of("country", "area_code", "contains", "type", "limit");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern AREA_CODE = Pattern.compile("[1-9][0-9]{0,5}");
    private static final Pattern CONTAINS = Pattern.compile("\\+?[0-9A-Za-z*]{2,16}");
    private final NumbersService numbers;

    public SearchNumbersHandler() {
        this(TelephonyWiring.current().numbers());
    }

    public SearchNumbersHandler(NumbersService numbers) {
        super("GET /api/telephony/numbers/search");
        this.numbers = numbers;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        req.queryParameters().keySet().forEach(k -> {
            if (!PARAMETERS.contains(k)) {
                throw ApiError.badRequest("unknown_parameter", "unknown query parameter '" + Text.printable(k, 40)
                        + "'");
            }
        });
        String country = req.query("country").orElse("US").strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw ApiError.invalid("country", "country must be an ISO 3166 two-letter code such as US");
        }
        String areaCode = req.query("area_code").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (areaCode != null && !AREA_CODE.matcher(areaCode).matches()) {
            throw ApiError.invalid("area_code", "area_code must be 1 to 6 digits, not starting with 0");
        }
        String contains = req.query("contains").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (contains != null && !CONTAINS.matcher(contains).matches()) {
            throw ApiError.invalid("contains", "contains must be 2 to 16 digits, letters or *");
        }
        NumberType type = switch (req.query("type").orElse("local").strip().toLowerCase(Locale.ROOT)) {
            case "local" -> NumberType.LOCAL;
            case "toll_free", "tollfree" -> NumberType.TOLL_FREE;
            case "mobile" -> NumberType.MOBILE;
            default -> throw ApiError.invalid("type", "type must be local, toll_free or mobile");
        };
        int limit = Cursors.limit(req.query("limit").orElse(null), 10, 50);
        ArrayNode out = Json.array();
        for (AvailableNumber n : numbers.search(new NumberSearch(country, type,
                areaCode == null ? null : Integer.valueOf(areaCode), contains, limit))) {
            ObjectNode o = out.addObject();
            o.put("phone_number", n.phoneNumber());
            o.put("friendly_name", n.friendlyName());
            o.put("locality", n.locality());
            o.put("region", n.region());
            ObjectNode caps = o.putObject("capabilities");
            n.capabilities().forEach(caps::put);
        }
        return HttpResponse.ok(out);
    }
}
