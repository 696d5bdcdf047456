package org.fundcheck.sample;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Names of the Haidong-like region: the real city and counties, real township names first (then made-up
 * ones in the same style), village, person and company names as they appear in Qinghai ledgers (Han, Hui,
 * Tu, Salar and Tibetan names side by side).
 */
final class Names {

  static final String CITY_CODE = "630200";
  static final String CITY_NAME = "海东市";
  static final List<String> COUNTY_CODES =
      List.of("630202", "630203", "630222", "630223", "630224", "630225");
  static final List<String> COUNTY_NAMES =
      List.of("乐都区", "平安区", "民和回族土族自治县", "互助土族自治县", "化隆回族自治县", "循化撒拉族自治县");

  private static final List<List<String>> TOWNSHIPS = List.of(
      List.of("碾伯镇", "雨润镇", "寿乐镇", "高庙镇", "洪水镇", "高店镇", "瞿昙镇", "共和乡", "中岭乡", "李家乡",
          "马营乡", "马厂乡", "芦花乡", "达拉土族乡", "下营藏族乡", "中坝藏族乡", "峰堆乡", "城台乡", "蒲台乡"),
      List.of("平安镇", "小峡镇", "三合镇", "洪水泉回族乡", "石灰窑回族乡", "古城回族乡", "沙沟回族乡", "巴藏沟回族乡"),
      List.of("川口镇", "古鄯镇", "马营镇", "官亭镇", "巴州镇", "满坪镇", "李二堡镇", "峡门镇", "北山乡", "松树乡",
          "西沟乡", "总堡乡", "隆治乡", "大庄乡", "转导乡", "前河乡", "甘沟乡", "中川乡", "杏儿乡", "核桃庄乡",
          "新民乡", "昌吉乡"),
      List.of("威远镇", "丹麻镇", "高寨镇", "南门峡镇", "加定镇", "五十镇", "五峰镇", "塘川镇", "台子乡", "西山乡",
          "红崖子沟乡", "哈拉直沟乡", "东山乡", "东和乡", "东沟乡", "林川乡", "蔡家堡乡", "巴扎藏族乡", "松多藏族乡"),
      List.of("巴燕镇", "群科镇", "牙什尕镇", "甘都镇", "扎巴镇", "昂思多镇", "二塘乡", "谢家滩乡", "德恒隆乡",
          "沙连堡乡", "阿什努乡", "石大仓乡", "初麻乡", "查甫藏族乡", "金源藏族乡", "雄先藏族乡", "塔加藏族乡"),
      List.of("积石镇", "白庄镇", "街子镇", "道帏藏族乡", "清水乡", "查汗都斯乡", "文都藏族乡", "尕楞藏族乡",
          "岗察藏族乡"));

  private static final String[] PLACE_1 = {
    "上", "下", "东", "西", "南", "北", "前", "后", "大", "小", "新", "古", "红", "白", "黑", "青", "金", "石",
    "杏", "李", "王", "马", "韩", "赵", "冶", "祁", "河", "山", "沙", "泉", "柳", "杨", "松", "峡", "川"};
  private static final String[] PLACE_2 = {
    "家", "庄", "沟", "湾", "滩", "岭", "坪", "台", "堡", "塘", "崖", "坡", "园", "源", "城", "河", "寨", "峡",
    "垴", "岔", "树", "水", "阳", "卡", "拉"};
  private static final String[] PLACE_3 = {"村", "村", "村", "一村", "二村", "三村", "沟村", "台村", "湾村"};

  private static final String[] SURNAMES = {
    "王", "李", "张", "刘", "马", "韩", "赵", "祁", "朱", "陈", "杨", "冶", "喇", "汪", "星", "索", "鲁", "吕", "孔",
    "何", "胡", "郭", "徐", "孙", "周", "吴", "谢", "铁", "妥", "白", "包", "晁", "甘", "蔡", "乔", "秦"};
  private static final String[] GIVEN = {
    "福", "海", "明", "秀", "英", "兰", "花", "成", "文", "国", "生", "有", "德", "玉", "忠", "军", "林", "发",
    "财", "贵", "春", "梅", "芳", "霞", "军", "强", "平", "安", "宝", "祥", "云", "珍", "香", "莲", "义", "清",
    "山", "元", "全", "吉", "顺", "才", "寿", "存", "录", "俊", "蓉", "娟"};
  private static final String[] WHOLE_NAMES = {
    "才让", "卓玛", "拉毛", "多杰", "索南", "扎西", "仁青", "尕藏", "完玛", "东知", "马哈麦", "韩阿卜都", "马尔沙",
    "韩尕奴", "马伊斯哈格", "冶努海", "祁加措", "李占措", "更登", "才旦", "桑吉", "旦正"};

  private static final String[] COMPANY_1 = {
    "青海", "海东", "民和", "互助", "乐都", "化隆", "循化", "平安", "湟水", "河湟", "祁连", "高原", "昆仑"};
  private static final String[] COMPANY_2 = {
    "宏达", "鑫源", "恒通", "利民", "丰泰", "天佑", "金穗", "瑞祥", "永固", "兴农", "康乐", "安康", "晟达", "华泰"};
  private static final String[] COMPANY_3 = {
    "建筑工程有限公司", "路桥工程有限公司", "水利水电工程有限公司", "农牧开发有限公司", "生态农业科技有限公司",
    "种养殖专业合作社", "建设工程有限公司", "农业发展有限公司"};

  private Names() {}

  /** The real township name at {@code index} of a county while they last, else a made-up one. */
  static String township(int county, int index, SplittableRandom rng) {
    List<String> real = TOWNSHIPS.get(county);
    if (index < real.size()) {
      return real.get(index);
    }
    return pick(PLACE_1, rng) + pick(PLACE_2, rng) + (rng.nextInt(3) == 0 ? "镇" : "乡");
  }

  static String village(SplittableRandom rng) {
    return pick(PLACE_1, rng) + pick(PLACE_2, rng) + pick(PLACE_3, rng);
  }

  static String person(SplittableRandom rng) {
    int r = rng.nextInt(10);
    if (r == 0) {
      return pick(WHOLE_NAMES, rng);
    }
    String s = pick(SURNAMES, rng);
    return r < 5 ? s + pick(GIVEN, rng) : s + pick(GIVEN, rng) + pick(GIVEN, rng);
  }

  /** A relative sharing the surname of {@code head} where the name has one. */
  static String relative(String head, SplittableRandom rng) {
    if (head.length() >= 2 && rng.nextInt(3) > 0) {
      return head.charAt(0) + pick(GIVEN, rng) + (rng.nextBoolean() ? pick(GIVEN, rng) : "");
    }
    return person(rng);
  }

  static String company(SplittableRandom rng) {
    return pick(COMPANY_1, rng) + pick(COMPANY_2, rng) + pick(COMPANY_3, rng);
  }

  static String pick(String[] from, SplittableRandom rng) {
    return from[rng.nextInt(from.length)];
  }
}
