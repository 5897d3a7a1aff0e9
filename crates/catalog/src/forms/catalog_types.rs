//! The form of each product type: which attributes a riding club configures.
//!
//! Changing a field here changes both what clients render and what the server accepts;
//! bump the form's `version` when you do, so clients drop their cached copy.

use std::sync::LazyLock;

use serde_json::json;

use crate::{ProductType, RiderLevel};

use super::definition::{
    Condition, CrossFieldRule, EnumOption, FieldDef, FieldKind, FormDefinition, Label,
};

/// The form definition of `product_type`; built once, shared for the life of the process.
pub fn form_definition(product_type: ProductType) -> &'static FormDefinition {
    match product_type {
        ProductType::Course => &COURSE,
        ProductType::LessonPackage => &LESSON_PACKAGE,
        ProductType::Activity => &ACTIVITY,
    }
}

/// The most a single price field may hold: ¥10,000,000. Far above any club price, and low
/// enough that quantity × price cannot come near `i64::MAX` in a quote.
const MAX_PRICE_FEN: i64 = 1_000_000_000;

/// Ids are database keys; clients are JavaScript, whose numbers are exact only up to
/// 2^53 - 1, so a larger bound would be served as a different number.
const MAX_JS_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

static COURSE: LazyLock<FormDefinition> = LazyLock::new(|| FormDefinition {
    product_type: ProductType::Course,
    label: type_label(ProductType::Course),
    version: 1,
    fields: vec![
        field(
            "lesson_format",
            l("课程形式", "Lesson format"),
            FieldKind::Enum {
                options: lesson_formats(),
            },
        )
        .required(),
        field(
            "duration_minutes",
            l("课时长度（分钟）", "Duration (minutes)"),
            // The scheduler plans in 15-minute slots; a lesson is 15 minutes to 4 hours.
            FieldKind::DurationMinutes {
                min: 15,
                max: 240,
                step: 15,
            },
        )
        .required()
        .default(json!(45)),
        field(
            "min_riders",
            l("最少开课人数", "Minimum riders"),
            FieldKind::Integer { min: 1, max: 20 },
        )
        .required()
        .when("lesson_format", json!("group"))
        .help(l(
            "不足人数时课程取消",
            "The lesson is cancelled below this number",
        )),
        field(
            "max_riders",
            l("最多人数", "Maximum riders"),
            FieldKind::Integer { min: 2, max: 20 },
        )
        .required()
        .when("lesson_format", json!("group")),
        field(
            "required_rider_level",
            l("学员最低等级", "Minimum rider level"),
            rider_level(),
        ),
        field(
            "min_age_years",
            l("最小年龄", "Minimum age"),
            FieldKind::Integer { min: 3, max: 80 },
        ),
        field(
            "arena_tags",
            l("场地要求", "Arena requirements"),
            FieldKind::EnumList {
                options: arena_tags(),
                min_items: 0,
                max_items: 6,
            },
        )
        .default(json!([])),
        field(
            "coach_qualifications",
            l("教练资质要求", "Coach qualifications"),
            FieldKind::EnumList {
                options: coach_qualifications(),
                min_items: 0,
                max_items: 7,
            },
        )
        .default(json!([])),
        field(
            "needs_school_horse",
            l("需要俱乐部马匹", "Needs a school horse"),
            FieldKind::Boolean,
        )
        .default(json!(true))
        .help(l(
            "否：学员自带马匹",
            "No: the rider brings their own horse",
        )),
        field("price_list", l("价格", "Prices"), FieldKind::PriceList)
            .required()
            .help(l(
                "按课时数阶梯、学员等级与高峰时段定价",
                "Tiered by lesson count, rider level and peak hours",
            )),
        field("description", l("课程介绍", "Description"), text(0, 2000)),
    ],
    rules: vec![CrossFieldRule::NotGreater {
        lower: "min_riders",
        upper: "max_riders",
    }],
});

static LESSON_PACKAGE: LazyLock<FormDefinition> = LazyLock::new(|| FormDefinition {
    product_type: ProductType::LessonPackage,
    label: type_label(ProductType::LessonPackage),
    version: 1,
    fields: vec![
        field(
            "lesson_format",
            l("适用课程形式", "Lesson format"),
            FieldKind::Enum {
                options: lesson_formats(),
            },
        )
        .required(),
        field(
            "course_id",
            l("适用课程", "Course"),
            FieldKind::Integer {
                min: 1,
                max: MAX_JS_SAFE_INTEGER,
            },
        )
        .help(l(
            "留空表示适用同形式的所有课程",
            "Empty: any course of this format",
        )),
        field(
            "lesson_count",
            l("课时数", "Lessons"),
            FieldKind::Integer { min: 1, max: 200 },
        )
        .required(),
        field(
            "validity_days",
            l("有效期（天）", "Valid for (days)"),
            FieldKind::Integer { min: 1, max: 1095 },
        )
        .required(),
        field(
            "validity_starts",
            l("有效期起算", "Validity starts"),
            FieldKind::Enum {
                options: vec![
                    opt("on_purchase", "购买时", "On purchase"),
                    opt("on_first_use", "首次上课时", "On first lesson"),
                ],
            },
        )
        .required()
        .default(json!("on_purchase")),
        field(
            "price_fen",
            l("课时包价格（分）", "Package price (fen)"),
            FieldKind::MoneyFen { max: MAX_PRICE_FEN },
        )
        .required(),
        field(
            "stock",
            l("库存", "Stock"),
            FieldKind::Integer {
                min: 0,
                max: 100_000,
            },
        )
        .help(l("留空表示不限量", "Empty: unlimited")),
        field(
            "sale_ends_on",
            l("停售日期", "Sale ends on"),
            FieldKind::Date,
        ),
        field(
            "required_rider_level",
            l("学员最低等级", "Minimum rider level"),
            rider_level(),
        ),
        field("description", l("课时包介绍", "Description"), text(0, 2000)),
    ],
    rules: vec![],
});

static ACTIVITY: LazyLock<FormDefinition> = LazyLock::new(|| FormDefinition {
    product_type: ProductType::Activity,
    label: type_label(ProductType::Activity),
    version: 1,
    fields: vec![
        field(
            "activity_kind",
            l("活动类型", "Activity kind"),
            FieldKind::Enum {
                options: vec![
                    opt("competition", "比赛", "Competition"),
                    opt("camp", "马术营", "Camp"),
                    opt("trail_ride", "外出骑行", "Trail ride"),
                    opt("clinic", "大师课", "Clinic"),
                    opt("open_day", "开放日", "Open day"),
                    opt("other", "其他", "Other"),
                ],
            },
        )
        .required(),
        field("starts_at", l("开始时间", "Starts at"), FieldKind::Datetime).required(),
        field("ends_at", l("结束时间", "Ends at"), FieldKind::Datetime).required(),
        field(
            "signup_closes_at",
            l("报名截止时间", "Sign-up closes at"),
            FieldKind::Datetime,
        ),
        field("place", l("活动地点", "Place"), text(1, 200)).required(),
        field(
            "capacity",
            l("人数上限", "Capacity"),
            FieldKind::Integer {
                min: 1,
                max: 10_000,
            },
        )
        .required(),
        field(
            "price_fen",
            l("报名费（分）", "Fee (fen)"),
            FieldKind::MoneyFen { max: MAX_PRICE_FEN },
        )
        .required()
        .help(l("0 表示免费", "0: free")),
        field(
            "required_rider_level",
            l("学员最低等级", "Minimum rider level"),
            rider_level(),
        ),
        field(
            "min_age_years",
            l("最小年龄", "Minimum age"),
            FieldKind::Integer { min: 3, max: 80 },
        ),
        field("refundable", l("可退款", "Refundable"), FieldKind::Boolean)
            .required()
            .default(json!(false)),
        field(
            "refund_deadline_hours",
            l("开始前多少小时可退", "Refund until (hours before start)"),
            FieldKind::Integer { min: 0, max: 8760 },
        )
        .required()
        .when("refundable", json!(true)),
        field(
            "refund_percent",
            l("退款比例（%）", "Refund (%)"),
            FieldKind::Integer { min: 1, max: 100 },
        )
        .required()
        .default(json!(100))
        .when("refundable", json!(true)),
        field("description", l("活动介绍", "Description"), text(0, 5000)),
    ],
    rules: vec![
        CrossFieldRule::StrictlyBefore {
            earlier: "starts_at",
            later: "ends_at",
        },
        CrossFieldRule::NotGreater {
            lower: "signup_closes_at",
            upper: "starts_at",
        },
    ],
});

fn type_label(t: ProductType) -> Label {
    l(t.label_zh(), t.label_en())
}

fn l(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

fn opt(value: &'static str, zh: &'static str, en: &'static str) -> EnumOption {
    EnumOption {
        value,
        label: l(zh, en),
    }
}

fn text(min_length: u32, max_length: u32) -> FieldKind {
    FieldKind::String {
        min_length,
        max_length,
    }
}

fn lesson_formats() -> Vec<EnumOption> {
    vec![
        opt("private", "私教课", "Private"),
        opt("group", "小组课", "Group"),
    ]
}

fn rider_level() -> FieldKind {
    FieldKind::RiderLevel {
        options: RiderLevel::ALL
            .into_iter()
            .map(|r| EnumOption {
                value: r.as_str(),
                label: l(r.label_zh(), r.label_en()),
            })
            .collect(),
    }
}

fn arena_tags() -> Vec<EnumOption> {
    vec![
        opt("indoor", "室内场", "Indoor arena"),
        opt("outdoor", "室外场", "Outdoor arena"),
        opt("dressage", "盛装舞步场", "Dressage arena"),
        opt("jumping", "障碍场", "Jumping arena"),
        opt("round_pen", "圆场", "Round pen"),
        opt("trail", "野外路线", "Trail"),
    ]
}

fn coach_qualifications() -> Vec<EnumOption> {
    vec![
        opt("junior_coach", "初级教练", "Junior coach"),
        opt("intermediate_coach", "中级教练", "Intermediate coach"),
        opt("senior_coach", "高级教练", "Senior coach"),
        opt("show_jumping", "场地障碍", "Show jumping"),
        opt("dressage", "盛装舞步", "Dressage"),
        opt("eventing", "三项赛", "Eventing"),
        opt("children", "青少儿教学", "Teaching children"),
    ]
}

/// An optional field with no default, shown always; refine with the builder methods.
fn field(name: &'static str, label: Label, kind: FieldKind) -> FieldDef {
    FieldDef {
        name,
        label,
        help: None,
        kind,
        required: false,
        default: None,
        visible_when: None,
    }
}

impl FieldDef {
    fn required(mut self) -> FieldDef {
        self.required = true;
        self
    }

    fn default(mut self, value: serde_json::Value) -> FieldDef {
        self.default = Some(value);
        self
    }

    fn when(mut self, field: &'static str, value: serde_json::Value) -> FieldDef {
        self.visible_when = Some(Condition::Equals { field, value });
        self
    }

    fn help(mut self, help: Label) -> FieldDef {
        self.help = Some(help);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::validate::parse;

    /// The validator visits fields in order and reads a condition's controller from what
    /// it has already parsed, so a condition must name an earlier field.
    #[test]
    fn conditions_name_earlier_fields() {
        for t in ProductType::ALL {
            let form = form_definition(t);
            for (i, f) in form.fields.iter().enumerate() {
                if let Some(c) = &f.visible_when {
                    let pos = form.fields.iter().position(|g| g.name == c.field());
                    assert!(
                        pos.is_some_and(|p| p < i),
                        "{t}: {} depends on later or unknown {}",
                        f.name,
                        c.field()
                    );
                }
            }
        }
    }

    #[test]
    fn names_are_unique_and_rules_name_fields() {
        for t in ProductType::ALL {
            let form = form_definition(t);
            assert_eq!(form.product_type, t);
            let mut names: Vec<_> = form.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), form.fields.len(), "{t}: duplicate field names");
            for rule in &form.rules {
                let (a, b) = match rule {
                    CrossFieldRule::NotGreater { lower, upper } => (lower, upper),
                    CrossFieldRule::StrictlyBefore { earlier, later } => (earlier, later),
                };
                assert!(
                    form.field(a).is_some() && form.field(b).is_some(),
                    "{t}: rule {rule:?}"
                );
            }
        }
    }

    /// Every default must pass its own field, or a form left at its defaults would fail.
    #[test]
    fn defaults_are_valid() {
        for t in ProductType::ALL {
            for f in &form_definition(t).fields {
                if let Some(d) = &f.default {
                    assert!(parse(f, d).is_ok(), "{t}: default of {}", f.name);
                }
            }
        }
    }

    #[test]
    fn enum_option_values_are_unique() {
        for t in ProductType::ALL {
            for f in &form_definition(t).fields {
                let options = match &f.kind {
                    FieldKind::Enum { options }
                    | FieldKind::EnumList { options, .. }
                    | FieldKind::RiderLevel { options } => options,
                    _ => continue,
                };
                let mut values: Vec<_> = options.iter().map(|o| o.value).collect();
                values.sort_unstable();
                values.dedup();
                assert_eq!(values.len(), options.len(), "{t}: {}", f.name);
            }
        }
    }
}
