#include "qx/oscal/translation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "oscal_test_util.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::ReadJson;
using testing::SampleIndex;
using ::testing::StartsWith;

TEST(TranslationTest, AcceptsAValidOverlay) {
  auto lang = ValidateTranslation(SampleIndex(), ReadJson("sample.az.json"));
  ASSERT_TRUE(lang) << lang.error().message;
  EXPECT_EQ(*lang, "az");
}

struct BadOverlay {
  const char* name;
  const char* overlay;
  const char* message_prefix;
};

class TranslationBadInputTest : public ::testing::TestWithParam<BadOverlay> {};

TEST_P(TranslationBadInputTest, RejectsWithJsonPath) {
  const json::value overlay = json::parse(GetParam().overlay);
  EXPECT_THAT(ErrorOf(ValidateTranslation(SampleIndex(), overlay)),
              StartsWith(GetParam().message_prefix));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TranslationBadInputTest,
    ::testing::Values(
        BadOverlay{"NotAnObject", R"([])", "$: expected an object"},
        BadOverlay{"NoLang", R"({"controls": {}})", "$.lang: missing"},
        BadOverlay{"UpperCaseLang", R"({"lang": "AZ"})", "$.lang: 'AZ' is not a language tag"},
        BadOverlay{"LongLang", R"({"lang": "az-Latn"})", "$.lang: 'az-Latn' is not"},
        BadOverlay{"OneLetterLang", R"({"lang": "a"})", "$.lang: 'a' is not"},
        BadOverlay{"UnknownMember", R"({"lang": "ru", "title": "x"})",
                   "$['title']: unknown member"},
        BadOverlay{"UnknownControl", R"({"lang": "ru", "controls": {"ac-99": {"title": "x"}}})",
                   "$.controls['ac-99']: the catalog has no control 'ac-99'"},
        BadOverlay{"UnknownGroup", R"({"lang": "ru", "groups": {"zz": {"title": "x"}}})",
                   "$.groups['zz']: the catalog has no group 'zz'"},
        BadOverlay{"UnknownPart",
                   R"({"lang": "ru", "controls": {"ac-1": {"parts": {"ac-2_smt": "x"}}}})",
                   "$.controls['ac-1'].parts['ac-2_smt']: control 'ac-1' has no part 'ac-2_smt'"},
        BadOverlay{
            "UnknownParam",
            R"({"lang": "ru", "controls": {"ac-1": {"params": {"org-name": {"label": "x"}}}}})",
            "$.controls['ac-1'].params['org-name']: control 'ac-1' has no param"},
        BadOverlay{"TitleNotString", R"({"lang": "ru", "controls": {"ac-1": {"title": 5}}})",
                   "$.controls['ac-1'].title: expected a string"},
        BadOverlay{"EmptyTitle", R"({"lang": "ru", "controls": {"ac-1": {"title": ""}}})",
                   "$.controls['ac-1'].title: empty translation"},
        BadOverlay{"DroppedPlaceholder",
                   R"({"lang": "ru", "controls": {"ac-1": {"parts": {"ac-1_smt": "Политика."}}}})",
                   "$.controls['ac-1'].parts['ac-1_smt']: insert placeholders differ from the "
                   "source: expected [ac-1_prm_1], got []"},
        BadOverlay{"WrongPlaceholder",
                   R"({"lang": "ru", "controls": {"ac-2": {"parts": {"ac-2_smt":
                       "{{ insert: param, ac-2_prm_1 }} {{ insert: param, org-name }}"}}}})",
                   "$.controls['ac-2'].parts['ac-2_smt']: insert placeholders differ"},
        BadOverlay{"UnknownControlMember",
                   R"({"lang": "ru", "controls": {"ac-1": {"prose": "x"}}})",
                   "$.controls['ac-1']['prose']: unknown member"}),
    [](const ::testing::TestParamInfo<BadOverlay>& info) { return std::string(info.param.name); });

TEST(TranslationTest, LocalizeReplacesTextAndFallsBack) {
  const CatalogIndex catalog = SampleIndex();
  const json::value out = Localize(catalog, ReadJson("sample.az.json"));
  const json::object& ac = out.at_pointer("/catalog/groups/0").as_object();
  EXPECT_EQ(ac.at("title").as_string(), "Giriş nəzarəti");
  const json::object& ac1 = ac.at("controls").as_array()[0].as_object();
  EXPECT_EQ(ac1.at("title").as_string(), "Siyasət və prosedurlar");
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/0/parts/0/prose").as_string(),
            "{{ insert: param, ac-1_prm_1 }} səviyyəsində giriş siyasəti hazırlayın.");
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/0/parts/0/parts/0/prose").as_string(),
            "Siyasəti sənədləşdirin.");
  // Missing translations keep the catalog's own text.
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/0/parts/0/parts/1/prose").as_string(),
            "Review it yearly.");
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/0/parts/1/prose").as_string(),
            "Policies set direction.");
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/0/params/0/label").as_string(),
            "siyasət səviyyəsi");
  EXPECT_EQ(out.at_pointer("/catalog/groups/1/title").as_string(), "Audit and Accountability");
  // Nested enhancements are localized too.
  EXPECT_EQ(out.at_pointer("/catalog/groups/0/controls/1/controls/1/controls/0/title").as_string(),
            "Silinmə barədə bildiriş");
  // Nothing else changes: the result still indexes, with the same controls.
  auto localized = CatalogIndex::Build(out);
  ASSERT_TRUE(localized) << localized.error().message;
  EXPECT_EQ(localized->controls().size(), catalog.controls().size());
}

TEST(TranslationTest, LocalizeIgnoresMalformedOverlays) {
  const CatalogIndex catalog = SampleIndex();
  const json::value junk = json::parse(
      R"({"lang": 1, "controls": {"ac-1": {"title": 7, "parts": [], "params": {"x": 1}}},
          "groups": "no"})");
  EXPECT_EQ(Localize(catalog, junk), catalog.document());
  EXPECT_EQ(Localize(catalog, json::value(nullptr)), catalog.document());
}

}  // namespace
}  // namespace qx::oscal
