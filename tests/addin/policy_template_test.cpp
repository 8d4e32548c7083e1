// The Group Policy template (installer/policy/OfflineHooks.admx) and the add-in's settings
// table (addin/settings_keys.h) name the same values, with the same types and ranges: a policy
// the add-in does not read, or a value it reads that no policy sets, fails here. That the files
// are well-formed and in Windows' namespaces is checked by tests/policy/check_templates.py.
#include "catch.hpp"

#include "settings_keys.h"
#include "text_file.h"

#include <map>
#include <regex>
#include <set>
#include <string>

using namespace oh;

namespace {

std::string admx_text() {
    Result<TextFile> file = read_text_file(
        path_from_utf8(OH_SOURCE_DIR "/installer/policy/OfflineHooks.admx"), 1u << 20);
    INFO(file.error());
    REQUIRE(file.ok());
    return std::move(file).value().text;
}

// A start tag holding valueName="...": the tag's name and its attributes.
struct Tag {
    std::string name;
    std::map<std::string, std::string> attributes;
};

std::map<std::string, Tag> tags_by_value_name(const std::string& admx) {
    static const std::regex tag_re(R"(<([A-Za-z]+)\s([^>]*)>)");
    static const std::regex attr_re(R"(([A-Za-z]+)\s*=\s*"([^"]*)\")");
    std::map<std::string, Tag> out;
    for (std::sregex_iterator t(admx.begin(), admx.end(), tag_re), end; t != end; ++t) {
        Tag tag{(*t)[1], {}};
        const std::string attrs = (*t)[2];
        for (std::sregex_iterator a(attrs.begin(), attrs.end(), attr_re); a != end; ++a)
            tag.attributes[(*a)[1]] = (*a)[2];
        auto name = tag.attributes.find("valueName");
        if (name == tag.attributes.end()) continue;
        INFO("valueName " << name->second);
        CHECK(out.count(name->second) == 0); // once only
        out[name->second] = tag;
    }
    return out;
}

} // namespace

TEST_CASE("The ADMX sets exactly the values the add-in reads", "[policy]") {
    const auto tags = tags_by_value_name(admx_text());
    std::set<std::string> in_admx, in_code;
    for (const auto& [name, tag] : tags) in_admx.insert(name);
    for (const SettingKey& k : kSettingKeys) in_code.insert(k.name);
    CHECK(in_admx == in_code);
}

TEST_CASE("Each ADMX policy has the type and the range the add-in accepts", "[policy]") {
    const auto tags = tags_by_value_name(admx_text());
    for (const SettingKey& k : kSettingKeys) {
        INFO(k.name);
        auto it = tags.find(k.name);
        REQUIRE(it != tags.end());
        const Tag& tag = it->second;
        if (k.type == SettingType::text) {
            // A folder is free text; the log level a list of the four names.
            CHECK(tag.name == (k.setting == Setting::log_level ? "enum" : "text"));
        } else if (k.min == 0 && k.max == 1) {
            // A switch: the policy itself, enabled 1 and disabled 0.
            CHECK(tag.name == "policy");
        } else {
            CHECK(tag.name == "decimal");
            CHECK(tag.attributes.at("minValue") == std::to_string(k.min));
            CHECK(tag.attributes.at("maxValue") == std::to_string(k.max));
        }
    }
}

TEST_CASE("The ADMX writes every policy under the key the add-in reads, in HKLM and HKCU, or "
          "HKLM only for a machine-only one",
          "[policy]") {
    const std::string admx = admx_text();
    static const std::regex policy_re(R"re(<policy\s[^>]*name="([A-Za-z]+)"[^>]*>)re");
    int policies = 0;
    for (std::sregex_iterator p(admx.begin(), admx.end(), policy_re), end; p != end; ++p) {
        const std::string tag = p->str();
        INFO(tag);
        CHECK(tag.find(std::string("key=\"") + kPolicyKey + "\"") != std::string::npos);
        // The policy's name is its value's name.
        const SettingKey* key = nullptr;
        for (const SettingKey& k : kSettingKeys)
            if ((*p)[1] == k.name) key = &k;
        REQUIRE(key);
        CHECK(tag.find(key->policy_class == PolicyClass::machine
                           ? "class=\"Machine\""
                           : "class=\"Both\"") != std::string::npos);
        ++policies;
    }
    CHECK(policies == static_cast<int>(kSettingCount));
}

TEST_CASE("The ADMX log level list holds exactly debug, info, warn and error", "[policy]") {
    const std::string admx = admx_text();
    static const std::regex value_re(R"(<string>([^<]*)</string>)");
    std::set<std::string> values;
    for (std::sregex_iterator v(admx.begin(), admx.end(), value_re), end; v != end; ++v)
        values.insert((*v)[1]);
    CHECK(values == std::set<std::string>{"debug", "info", "warn", "error"});
}
