"""Tests of goal extraction, normalization and goal changes (reportdiff.goals).

Real phrases come from the corpus (tests/data/corpus), most of them from the hand-read gold table
tests/data/goals/gold.tsv; whole-report tests parse real reports and the masked seed.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportdiff.goals import (
    compare_goals,
    extract_goals,
    format_changes,
    headline_span,
    load_metrics,
    metric_key,
    parse_number,
    scan_text,
)
from reportdiff.model import Goal, Meta, Node, Report

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"

Row = tuple[str, float | None, float | None, str | None, str | None]

# (kind, real phrase from the corpus, expected goals (metric, low, high, unit, qualifier))
PHRASES: list[tuple[str, str, list[Row]]] = [
    ('target', '国内生产总值增长7.5%左右', [('gdp', 7.5, 7.5, '%', '左右')]),
    ('target', '居民消费价格涨幅3.5%左右', [('cpi', 3.5, 3.5, '%', '左右')]),
    ('target', '城镇新增就业900万人以上', [('urban_new_jobs', 900.0, 900.0, '万人', '以上')]),
    ('target', '城镇登记失业率低于4.6%', [('urban_unemployment_registered', 4.6, 4.6, '%', '以下')]),
    ('target', '城乡居民人均收入实际增长与经济增长同步', [('urban_income', None, None, None, None), ('rural_income', None, None, None, None)]),
    ('actual', '国内生产总值增长7.8%', [('gdp', 7.8, 7.8, '%', None)]),
    ('actual', '城镇新增就业1266万人', [('urban_new_jobs', 1266.0, 1266.0, '万人', None)]),
    ('actual', '居民消费价格涨幅回落到2.6%', [('cpi', 2.6, 2.6, '%', None)]),
    ('target', '居民消费价格涨幅控制在3.5%左右', [('cpi', 3.5, 3.5, '%', '左右')]),
    ('target', '城镇新增就业1000万人以上', [('urban_new_jobs', 1000.0, 1000.0, '万人', '以上')]),
    ('target', '城镇登记失业率控制在4.6%以内', [('urban_unemployment_registered', 4.6, 4.6, '%', '以内')]),
    ('target', '居民收入增长和经济发展同步', [('resident_income', None, None, None, None)]),
    ('actual', '国内生产总值达到56.9万亿元', [('gdp_level', 56.9, 56.9, '万亿元', None)]),
    ('actual', '居民消费价格涨幅控制在2.6%', [('cpi', 2.6, 2.6, '%', None)]),
    ('actual', '城镇登记失业率4.1%', [('urban_unemployment_registered', 4.1, 4.1, '%', None)]),
    ('actual', '城镇新增就业1310万人', [('urban_new_jobs', 1310.0, 1310.0, '万人', None)]),
    ('actual', '进出口总额突破4万亿美元', [('import_export', 4.0, 4.0, '万亿美元', '以上')]),
    ('actual', '城镇居民人均可支配收入实际增长7%', [('urban_income', 7.0, 7.0, '%', None)]),
    ('actual', '农村居民人均纯收入实际增长9.3%', [('rural_income', 9.3, 9.3, '%', None)]),
    ('actual', '财政收入增长10.1%', [('public_budget_revenue', 10.1, 10.1, '%', None)]),
    ('actual', '粮食产量超过1.2万亿斤', [('grain_output', 1.2, 1.2, '万亿斤', '以上')]),
    ('actual', '能源消耗强度下降3.7%', [('energy_intensity', 3.7, 3.7, '%', None)]),
    ('target', '国内生产总值增长7%左右', [('gdp', 7.0, 7.0, '%', '左右')]),
    ('target', '居民消费价格涨幅3%左右', [('cpi', 3.0, 3.0, '%', '左右')]),
    ('target', '城镇登记失业率4.5%以内', [('urban_unemployment_registered', 4.5, 4.5, '%', '以内')]),
    ('target', '进出口增长6%左右', [('import_export', 6.0, 6.0, '%', '左右')]),
    ('target', '居民收入增长与经济发展同步', [('resident_income', None, None, None, None)]),
    ('target', '能耗强度下降3.1%以上', [('energy_intensity', 3.1, 3.1, '%', '以上')]),
    ('actual', '国内生产总值达到63.6万亿元', [('gdp_level', 63.6, 63.6, '万亿元', None)]),
    ('actual', '城镇新增就业1322万人', [('urban_new_jobs', 1322.0, 1322.0, '万人', None)]),
    ('actual', '居民消费价格上涨2%', [('cpi', 2.0, 2.0, '%', None)]),
    ('actual', '粮食产量达到6.07亿吨', [('grain_output', 6.07, 6.07, '亿吨', None)]),
    ('actual', '一般公共预算收入增长8.6%', [('public_budget_revenue', 8.6, 8.6, '%', None)]),
    ('actual', '能耗强度下降4.8%', [('energy_intensity', 4.8, 4.8, '%', None)]),
    ('actual', '全国居民人均可支配收入实际增长8%', [('resident_income', 8.0, 8.0, '%', None)]),
    ('actual', '农村居民人均可支配收入实际增长9.2%', [('rural_income', 9.2, 9.2, '%', None)]),
    ('target', '国内生产总值增长6.5%—7%', [('gdp', 6.5, 7.0, '%', None)]),
    ('target', '居民收入增长和经济增长基本同步', [('resident_income', None, None, None, None)]),
    ('target', '单位国内生产总值能耗下降3.4%以上', [('energy_intensity', 3.4, 3.4, '%', '以上')]),
    ('actual', '国内生产总值达到67.7万亿元', [('gdp_level', 67.7, 67.7, '万亿元', None)]),
    ('actual', '城镇新增就业1312万人', [('urban_new_jobs', 1312.0, 1312.0, '万人', None)]),
    ('actual', '单位国内生产总值能耗下降5.6%', [('energy_intensity', 5.6, 5.6, '%', None)]),
    ('actual', '全国居民人均可支配收入实际增长7.4%', [('resident_income', 7.4, 7.4, '%', None)]),
    ('target', '国内生产总值增长6.5%左右', [('gdp', 6.5, 6.5, '%', '左右')]),
    ('target', '城镇新增就业1100万人以上', [('urban_new_jobs', 1100.0, 1100.0, '万人', '以上')]),
    ('target', '居民收入和经济增长基本同步', [('resident_income', None, None, None, None)]),
    ('actual', '国内生产总值达到74.4万亿元', [('gdp_level', 74.4, 74.4, '万亿元', None)]),
    ('actual', '单位国内生产总值能耗下降5%', [('energy_intensity', 5.0, 5.0, '%', None)]),
    ('actual', '全年城镇新增就业1314万人', [('urban_new_jobs', 1314.0, 1314.0, '万人', None)]),
    ('actual', '年末城镇登记失业率4.02%', [('urban_unemployment_registered', 4.02, 4.02, '%', None)]),
    ('actual', '全国居民人均可支配收入实际增长6.3%', [('resident_income', 6.3, 6.3, '%', None)]),
    ('target', '城镇调查失业率5.5%以内', [('urban_unemployment_surveyed', 5.5, 5.5, '%', '以内')]),
    ('target', '单位国内生产总值能耗下降3%以上', [('energy_intensity', 3.0, 3.0, '%', '以上')]),
    ('actual', '国内生产总值增长6.9%', [('gdp', 6.9, 6.9, '%', None)]),
    ('actual', '居民收入增长7.3%', [('resident_income', 7.3, 7.3, '%', None)]),
    ('actual', '城镇新增就业1351万人', [('urban_new_jobs', 1351.0, 1351.0, '万人', None)]),
    ('actual', '财政收入增长7.4%', [('public_budget_revenue', 7.4, 7.4, '%', None)]),
    ('actual', '进出口增长14.2%', [('import_export', 14.2, 14.2, '%', None)]),
    ('target', '国内生产总值增长6%—6.5%', [('gdp', 6.0, 6.5, '%', None)]),
    ('target', '城镇调查失业率5.5%左右', [('urban_unemployment_surveyed', 5.5, 5.5, '%', '左右')]),
    ('target', '农村贫困人口减少1000万以上', [('poverty_reduction', 1000.0, 1000.0, '万', '以上')]),
    ('target', '居民收入增长与经济增长基本同步', [('resident_income', None, None, None, None)]),
    ('target', '单位国内生产总值能耗下降3%左右', [('energy_intensity', 3.0, 3.0, '%', '左右')]),
    ('actual', '国内生产总值增长6.6%', [('gdp', 6.6, 6.6, '%', None)]),
    ('actual', '居民消费价格上涨2.1%', [('cpi', 2.1, 2.1, '%', None)]),
    ('actual', '城镇新增就业1361万人', [('urban_new_jobs', 1361.0, 1361.0, '万人', None)]),
    ('actual', '调查失业率稳定在5%左右', [('urban_unemployment_surveyed', 5.0, 5.0, '%', '左右')]),
    ('actual', '单位国内生产总值能耗下降3.1%', [('energy_intensity', 3.1, 3.1, '%', None)]),
    ('actual', '货物进出口总额超过30万亿元', [('import_export', 30.0, 30.0, '万亿元', '以上')]),
    ('actual', '居民人均可支配收入实际增长6.5%', [('resident_income', 6.5, 6.5, '%', None)]),
    ('actual', '粮食总产量保持在1.3万亿斤以上', [('grain_output', 1.3, 1.3, '万亿斤', '以上')]),
    ('target', '城镇调查失业率6%左右', [('urban_unemployment_surveyed', 6.0, 6.0, '%', '左右')]),
    ('target', '城镇登记失业率5.5%左右', [('urban_unemployment_registered', 5.5, 5.5, '%', '左右')]),
    ('actual', '国内生产总值达到99.1万亿元', [('gdp_level', 99.1, 99.1, '万亿元', None)]),
    ('actual', '城镇新增就业1352万人', [('urban_new_jobs', 1352.0, 1352.0, '万人', None)]),
    ('actual', '调查失业率在5.3%以下', [('urban_unemployment_surveyed', 5.3, 5.3, '%', '以下')]),
    ('actual', '居民消费价格上涨2.9%', [('cpi', 2.9, 2.9, '%', None)]),
    ('actual', '社会消费品零售总额超过40万亿元', [('retail_sales', 40.0, 40.0, '万亿元', '以上')]),
    ('actual', '粮食产量1.33万亿斤', [('grain_output', 1.33, 1.33, '万亿斤', None)]),
    ('actual', '居民人均可支配收入超过3万元', [('resident_income', 3.0, 3.0, '万元', '以上')]),
    ('target', '国内生产总值增长6%以上', [('gdp', 6.0, 6.0, '%', '以上')]),
    ('target', '单位国内生产总值能耗降低3%左右', [('energy_intensity', 3.0, 3.0, '%', '左右')]),
    ('target', '粮食产量保持在1.3万亿斤以上', [('grain_output', 1.3, 1.3, '万亿斤', '以上')]),
    ('actual', '全年国内生产总值增长2.3%', [('gdp', 2.3, 2.3, '%', None)]),
    ('actual', '城镇新增就业1186万人', [('urban_new_jobs', 1186.0, 1186.0, '万人', None)]),
    ('actual', '年末全国城镇调查失业率降到5.2%', [('urban_unemployment_surveyed', 5.2, 5.2, '%', None)]),
    ('actual', '居民消费价格上涨2.5%', [('cpi', 2.5, 2.5, '%', None)]),
    ('target', '国内生产总值增长5.5%左右', [('gdp', 5.5, 5.5, '%', '左右')]),
    ('target', '城镇调查失业率全年控制在5.5%以内', [('urban_unemployment_surveyed', 5.5, 5.5, '%', '以内')]),
    ('actual', '国内生产总值达到114万亿元', [('gdp_level', 114.0, 114.0, '万亿元', None)]),
    ('actual', '全国财政收入突破20万亿元', [('public_budget_revenue', 20.0, 20.0, '万亿元', '以上')]),
    ('actual', '城镇新增就业1269万人', [('urban_new_jobs', 1269.0, 1269.0, '万人', None)]),
    ('actual', '城镇调查失业率平均为5.1%', [('urban_unemployment_surveyed', 5.1, 5.1, '%', None)]),
    ('actual', '居民消费价格上涨0.9%', [('cpi', 0.9, 0.9, '%', None)]),
    ('actual', '粮食产量1.37万亿斤', [('grain_output', 1.37, 1.37, '万亿斤', None)]),
    ('actual', '货物进出口总额增长21.4%', [('import_export', 21.4, 21.4, '%', None)]),
    ('actual', '居民人均可支配收入实际增长8.1%', [('resident_income', 8.1, 8.1, '%', None)]),
    ('target', '国内生产总值增长5%左右', [('gdp', 5.0, 5.0, '%', '左右')]),
    ('target', '城镇新增就业1200万人左右', [('urban_new_jobs', 1200.0, 1200.0, '万人', '左右')]),
    ('target', '居民收入增长与经济增长基本同步；进出口促稳提质', [('resident_income', None, None, None, None)]),
    ('actual', '全年国内生产总值增长3%', [('gdp', 3.0, 3.0, '%', None)]),
    ('actual', '城镇新增就业1206万人', [('urban_new_jobs', 1206.0, 1206.0, '万人', None)]),
    ('actual', '年末城镇调查失业率降到5.5%', [('urban_unemployment_surveyed', 5.5, 5.5, '%', None)]),
    ('actual', '货物进出口总额增长7.7%', [('import_export', 7.7, 7.7, '%', None)]),
    ('target', '城镇新增就业1200万人以上', [('urban_new_jobs', 1200.0, 1200.0, '万人', '以上')]),
    ('target', '居民收入增长和经济增长同步', [('resident_income', None, None, None, None)]),
    ('target', '粮食产量1.3万亿斤以上', [('grain_output', 1.3, 1.3, '万亿斤', '以上')]),
    ('target', '单位国内生产总值能耗降低2.5%左右', [('energy_intensity', 2.5, 2.5, '%', '左右')]),
    ('actual', '国内生产总值超过126万亿元', [('gdp_level', 126.0, 126.0, '万亿元', '以上')]),
    ('actual', '城镇新增就业1244万人', [('urban_new_jobs', 1244.0, 1244.0, '万人', None)]),
    ('actual', '城镇调查失业率平均为5.2%', [('urban_unemployment_surveyed', 5.2, 5.2, '%', None)]),
    ('actual', '居民消费价格上涨0.2%', [('cpi', 0.2, 0.2, '%', None)]),
    ('actual', '粮食产量1.39万亿斤', [('grain_output', 1.39, 1.39, '万亿斤', None)]),
    ('actual', '居民人均可支配收入增长6.1%', [('resident_income', 6.1, 6.1, '%', None)]),
    ('target', '居民消费价格涨幅2%左右', [('cpi', 2.0, 2.0, '%', '左右')]),
    ('target', '粮食产量1.4万亿斤左右', [('grain_output', 1.4, 1.4, '万亿斤', '左右')]),
    ('actual', '国内生产总值达到134.9万亿元', [('gdp_level', 134.9, 134.9, '万亿元', None)]),
    ('actual', '城镇新增就业1256万人', [('urban_new_jobs', 1256.0, 1256.0, '万人', None)]),
    ('actual', '居民人均可支配收入实际增长5.1%', [('resident_income', 5.1, 5.1, '%', None)]),
    ('actual', '单位国内生产总值能耗降幅超过3%', [('energy_intensity', 3.0, 3.0, '%', '以上')]),
    ('target', '经济增长4.5%—5%', [('gdp', 4.5, 5.0, '%', None)]),
    ('target', '居民收入增长和经济增长同步；国际', [('resident_income', None, None, None, None)]),
    ('target', '单位国内生产总值二氧化碳排放降低3.8%左右', [('carbon_intensity', 3.8, 3.8, '%', '左右')]),
    ('actual', '国内生产总值增长5%', [('gdp', 5.0, 5.0, '%', None)]),
    ('actual', '城镇新增就业1267万人', [('urban_new_jobs', 1267.0, 1267.0, '万人', None)]),
    ('actual', '粮食产量达到1.43万亿斤', [('grain_output', 1.43, 1.43, '万亿斤', None)]),
    ('actual', '单位国内生产总值能耗降低5.1%', [('energy_intensity', 5.1, 5.1, '%', None)]),
    ('actual', '社会消费品零售总额突破50万亿元', [('retail_sales', 50.0, 50.0, '万亿元', '以上')]),
    ('target', '地区生产总值增长6.5%左右', [('gdp', 6.5, 6.5, '%', '左右')]),
    ('target', '全社会固定资产投资增长8%', [('fixed_asset_investment', 8.0, 8.0, '%', None)]),
    ('target', '社会消费品零售总额增长8%', [('retail_sales', 8.0, 8.0, '%', None)]),
    ('target', '进出口总额增长高于经济增速', [('import_export', None, None, None, None)]),
    ('target', '地方一般公共预算收入增长与经济发展趋势基本一致', [('public_budget_revenue', None, None, None, None)]),
    ('target', '居民消费价格指数控制在103左右', [('cpi', 103.0, 103.0, '指数(上年=100)', '左右')]),
    ('target', '城镇新增就业85万人', [('urban_new_jobs', 85.0, 85.0, '万人', None)]),
    ('target', '粮食产量稳定在710亿斤以上', [('grain_output', 710.0, 710.0, '亿斤', '以上')]),
    ('actual', '地方一般公共预算收入4773.3亿元、增长12%', [('public_budget_revenue', 4773.3, 4773.3, '亿元', None), ('public_budget_revenue', 12.0, 12.0, '%', None)]),
    ('actual', '城乡居民人均可支配收入分别增长8.3%、10.3%', [('urban_income', 8.3, 8.3, '%', None), ('rural_income', 10.3, 10.3, '%', None)]),
    ('actual', '全省研发经费投入超1000亿元', [('rd_spending', 1000.0, 1000.0, '亿元', '以上')]),
    ('actual', '规上工业增加值增长9.8%', [('industrial_value_added', 9.8, 9.8, '%', None)]),
    ('actual', '服务业增加值达2.8万亿元、增长8.9%', [('tertiary_industry_va', 2.8, 2.8, '万亿元', None), ('tertiary_industry_va', 8.9, 8.9, '%', None)]),
    ('actual', '粮食产量超716亿斤', [('grain_output', 716.0, 716.0, '亿斤', '以上')]),
    ('actual', '第一产业增加值增长7%', [('primary_industry_va', 7.0, 7.0, '%', None)]),
    ('actual', '全社会固定资产投资增长10.1%', [('fixed_asset_investment', 10.1, 10.1, '%', None)]),
    ('actual', '社会消费品零售总额增长15.9%', [('retail_sales', 15.9, 15.9, '%', None)]),
    ('actual', '进出口总额增长17.6%', [('import_export', 17.6, 17.6, '%', None)]),
    ('actual', '城镇新增就业105万人', [('urban_new_jobs', 105.0, 105.0, '万人', None)]),
    ('target', '地区生产总值增长6%左右', [('gdp', 6.0, 6.0, '%', '左右')]),
    ('target', '地方一般公共预算收入、城乡居民人均可支配收入与经济增长基本同步', [('public_budget_revenue', None, None, None, None), ('urban_income', None, None, None, None), ('rural_income', None, None, None, None)]),
    ('target', '粮食产量稳定在715亿斤以上', [('grain_output', 715.0, 715.0, '亿斤', '以上')]),
    ('actual', '地区生产总值增长2.9%', [('gdp', 2.9, 2.9, '%', None)]),
    ('actual', '地方一般公共预算收入同口径增长7.5%', [('public_budget_revenue', 7.5, 7.5, '%', None)]),
    ('actual', '进出口增长6.1%', [('import_export', 6.1, 6.1, '%', None)]),
    ('actual', '城镇新增就业99.6万人', [('urban_new_jobs', 99.6, 99.6, '万人', None)]),
    ('actual', '粮食产量达到702亿斤', [('grain_output', 702.0, 702.0, '亿斤', None)]),
    ('target', '地方一般公共预算收入、居民收入增长和经济增长基本同步', [('public_budget_revenue', None, None, None, None), ('resident_income', None, None, None, None)]),
    ('target', '粮食产量保持在715亿斤以上', [('grain_output', 715.0, 715.0, '亿斤', '以上')]),
    ('actual', '全省地区生产总值突破6万亿元', [('gdp_level', 6.0, 6.0, '万亿元', '以上')]),
    ('actual', '地方一般公共预算收入增长13.3%', [('public_budget_revenue', 13.3, 13.3, '%', None)]),
    ('actual', '规模以上工业增加值增长6.1%', [('industrial_value_added', 6.1, 6.1, '%', None)]),
    ('actual', '全社会固定资产投资增长4.4%', [('fixed_asset_investment', 4.4, 4.4, '%', None)]),
    ('actual', '社会消费品零售总额增长9.2%', [('retail_sales', 9.2, 9.2, '%', None)]),
    ('actual', '全省粮食产量达到718.8亿斤', [('grain_output', 718.8, 718.8, '亿斤', None)]),
    ('actual', '全省城乡居民人均可支配收入分别增长4.6%、7%', [('urban_income', 4.6, 4.6, '%', None), ('rural_income', 7.0, 7.0, '%', None)]),
    ('actual', '全省城镇新增就业104万人', [('urban_new_jobs', 104.0, 104.0, '万人', None)]),
    ('target', '地区生产总值增长5.5%以上', [('gdp', 5.5, 5.5, '%', '以上')]),
    ('target', '地方一般公共预算收入增长2%', [('public_budget_revenue', 2.0, 2.0, '%', None)]),
    ('target', '粮食产量725亿斤以上', [('grain_output', 725.0, 725.0, '亿斤', '以上')]),
    ('actual', '全省地区生产总值增长5.7%', [('gdp', 5.7, 5.7, '%', None)]),
    ('actual', '经济总量达到64697亿元', [('gdp_level', 64697.0, 64697.0, '亿元', None)]),
    ('actual', '第一产业增加值增长2.5%', [('primary_industry_va', 2.5, 2.5, '%', None)]),
    ('actual', '规模以上工业增加值增长6.6%', [('industrial_value_added', 6.6, 6.6, '%', None)]),
    ('actual', '服务业增加值增长6.3%', [('tertiary_industry_va', 6.3, 6.3, '%', None)]),
    ('actual', '固定资产投资增长2.4%', [('fixed_asset_investment', 2.4, 2.4, '%', None)]),
    ('actual', '社会消费品零售总额增长4.2%', [('retail_sales', 4.2, 4.2, '%', None)]),
    ('actual', '进出口总额增长9.4%', [('import_export', 9.4, 9.4, '%', None)]),
    ('actual', '全省城乡居民人均可支配收入分别增长4.7%、6.6%', [('urban_income', 4.7, 4.7, '%', None), ('rural_income', 6.6, 6.6, '%', None)]),
    ('actual', '城镇新增就业106万人', [('urban_new_jobs', 106.0, 106.0, '万人', None)]),
    ('actual', '城镇调查失业率平均为5.3%', [('urban_unemployment_surveyed', 5.3, 5.3, '%', None)]),
    ('actual', '全省粮食产量726.8亿斤', [('grain_output', 726.8, 726.8, '亿斤', None)]),
    ('target', '地区生产总值增长7.5%', [('gdp', 7.5, 7.5, '%', None)]),
    ('target', '全社会固定资产投资增长7%', [('fixed_asset_investment', 7.0, 7.0, '%', None)]),
    ('target', '社会消费品零售总额增长10%', [('retail_sales', 10.0, 10.0, '%', None)]),
    ('target', '城乡居民人均可支配收入分别增长8%、9%', [('urban_income', 8.0, 8.0, '%', None), ('rural_income', 9.0, 9.0, '%', None)]),
    ('target', '城镇调查失业率控制在6%以内。重点', [('urban_unemployment_surveyed', 6.0, 6.0, '%', '以内')]),
    ('actual', '预计全年地区生产总值增长8.1%', [('gdp', 8.1, 8.1, '%', None)]),
    ('actual', '全社会固定资产投资增长10%', [('fixed_asset_investment', 10.0, 10.0, '%', None)]),
    ('actual', '规模以上工业增加值增长9.5%', [('industrial_value_added', 9.5, 9.5, '%', None)]),
    ('actual', '社会消费品零售总额增长18.5%', [('retail_sales', 18.5, 18.5, '%', None)]),
    ('actual', '地方一般公共预算收入增长8.8%', [('public_budget_revenue', 8.8, 8.8, '%', None)]),
    ('actual', '城乡居民人均可支配收入分别增长8.5%、10.5%', [('urban_income', 8.5, 8.5, '%', None), ('rural_income', 10.5, 10.5, '%', None)]),
    ('actual', '外贸进出口总额增长58%', [('import_export', 58.0, 58.0, '%', None)]),
    ('target', '地区生产总值增长7%左右', [('gdp', 7.0, 7.0, '%', '左右')]),
    ('target', '全社会固定资产投资增长8%左右', [('fixed_asset_investment', 8.0, 8.0, '%', '左右')]),
    ('target', '规模以上工业增加值增长8.5%左右', [('industrial_value_added', 8.5, 8.5, '%', '左右')]),
    ('target', '社会消费品零售总额增长9%左右', [('retail_sales', 9.0, 9.0, '%', '左右')]),
    ('target', '城乡居民人均可支配收入分别增长6.5%、7.5%左右', [('urban_income', 6.5, 6.5, '%', '左右'), ('rural_income', 7.5, 7.5, '%', '左右')]),
    ('actual', '预计实现外贸进出口总额35亿元、增长46.8%', [('import_export', 35.0, 35.0, '亿元', None), ('import_export', 46.8, 46.8, '%', None)]),
    ('actual', '地方一般公共预算收入突破100亿元', [('public_budget_revenue', 100.0, 100.0, '亿元', '以上')]),
    ('actual', '城镇新增就业4.6万人', [('urban_new_jobs', 4.6, 4.6, '万人', None)]),
    ('target', '地区生产总值增长6.5%以上', [('gdp', 6.5, 6.5, '%', '以上')]),
    ('target', '固定资产投资增长5%左右', [('fixed_asset_investment', 5.0, 5.0, '%', '左右')]),
    ('target', '规模以上工业增加值增长9.3%', [('industrial_value_added', 9.3, 9.3, '%', None)]),
    ('target', '社会消费品零售总额增长6%左右', [('retail_sales', 6.0, 6.0, '%', '左右')]),
    ('target', '地方一般公共预算收入增长与经济发展态势基本协调', [('public_budget_revenue', None, None, None, None)]),
    ('actual', '预计地区生产总值增长7%左右', [('gdp', 7.0, 7.0, '%', '左右')]),
    ('actual', '城镇新增就业4.9万人', [('urban_new_jobs', 4.9, 4.9, '万人', None)]),
    ('target', '地区生产总值增长8%左右', [('gdp', 8.0, 8.0, '%', '左右')]),
    ('target', '规上工业增加值增长11%', [('industrial_value_added', 11.0, 11.0, '%', None)]),
    ('target', '社会消费品零售总额增长9%', [('retail_sales', 9.0, 9.0, '%', None)]),
    ('target', '城乡居民人均可支配收入增长8%、9%', [('urban_income', 8.0, 8.0, '%', None), ('rural_income', 9.0, 9.0, '%', None)]),
    ('target', '常住人口城镇化率同比提高1.5个百分点', [('urbanization_rate', 1.5, 1.5, '个百分点', None)]),
    ('target', '城镇登记失业率控制在4%以内', [('urban_unemployment_registered', 4.0, 4.0, '%', '以内')]),
    ('target', '城镇调查失业率力争控制在5.5%以内', [('urban_unemployment_surveyed', 5.5, 5.5, '%', '以内')]),
    ('actual', '第一产业增加值增长7.5%', [('primary_industry_va', 7.5, 7.5, '%', None)]),
    ('actual', '规上工业增加值增长11.4%', [('industrial_value_added', 11.4, 11.4, '%', None)]),
    ('actual', '服务业增加值增长9.3%', [('tertiary_industry_va', 9.3, 9.3, '%', None)]),
    ('actual', '全社会固定资产投资增长11%', [('fixed_asset_investment', 11.0, 11.0, '%', None)]),
    ('actual', '地方一般公共预算收入159.2亿元、增长12.9%', [('public_budget_revenue', 159.2, 159.2, '亿元', None), ('public_budget_revenue', 12.9, 12.9, '%', None)]),
    ('actual', '城乡居民人均可支配收入43150元、21340元，分别增长8.7%、10.5%', [('urban_income', 43150.0, 43150.0, '元', None), ('rural_income', 21340.0, 21340.0, '元', None), ('urban_income', 8.7, 8.7, '%', None), ('rural_income', 10.5, 10.5, '%', None)]),
    ('actual', '实现进出口总额250.55亿元、增长15.8%', [('import_export', 250.55, 250.55, '亿元', None), ('import_export', 15.8, 15.8, '%', None)]),
    ('actual', '粮食产量达到235.18万吨', [('grain_output', 235.18, 235.18, '万吨', None)]),
    ('actual', '城镇新增就业5.67万人', [('urban_new_jobs', 5.67, 5.67, '万人', None)]),
    ('actual', '城镇登记失业率2.75%', [('urban_unemployment_registered', 2.75, 2.75, '%', None)]),
    ('target', '地区生产总值增长7.5%、在全省', [('gdp', 7.5, 7.5, '%', None)]),
    ('target', '规上工业增加值增长10%', [('industrial_value_added', 10.0, 10.0, '%', None)]),
    ('target', '全社会固定资产投资增长10%，社会', [('fixed_asset_investment', 10.0, 10.0, '%', None)]),
    ('target', '城乡居民人均可支配收入分别增长6.5%、8%', [('urban_income', 6.5, 6.5, '%', None), ('rural_income', 8.0, 8.0, '%', None)]),
    ('target', '城镇调查失业率控制在5.5%左右', [('urban_unemployment_surveyed', 5.5, 5.5, '%', '左右')]),
    ('target', '居民消费价格指数涨幅控制在3%左右', [('cpi', 3.0, 3.0, '%', '左右')]),
    ('actual', '预计全市地区生产总值突破3600亿元', [('gdp_level', 3600.0, 3600.0, '亿元', '以上')]),
    ('actual', '地方一般公共预算收入159.4亿元、同口径增长14%', [('public_budget_revenue', 159.4, 159.4, '亿元', None), ('public_budget_revenue', 14.0, 14.0, '%', None)]),
    ('actual', '城乡居民人均可支配收入超过4.55万元、2.28万元，分别增长5.5%、7%', [('urban_income', 4.55, 4.55, '万元', '以上'), ('rural_income', 2.28, 2.28, '万元', '以上'), ('urban_income', 5.5, 5.5, '%', None), ('rural_income', 7.0, 7.0, '%', None)]),
    ('actual', '预计规上工业增加值增长9%左右', [('industrial_value_added', 9.0, 9.0, '%', '左右')]),
    ('actual', '预计第三产业增加值增长4%以上', [('tertiary_industry_va', 4.0, 4.0, '%', '以上')]),
    ('actual', '预计第一产业增加值增长5%', [('primary_industry_va', 5.0, 5.0, '%', None)]),
    ('actual', '预计全社会固定资产投资增长10.5%以上', [('fixed_asset_investment', 10.5, 10.5, '%', '以上')]),
    ('actual', '预计社会消费品零售总额达到1650亿元', [('retail_sales', 1650.0, 1650.0, '亿元', None)]),
    ('actual', '预计实现进出口总额281亿元、增长12%', [('import_export', 281.0, 281.0, '亿元', None), ('import_export', 12.0, 12.0, '%', None)]),
    ('actual', '城镇新增就业5.64万人', [('urban_new_jobs', 5.64, 5.64, '万人', None)]),
    ('actual', '城镇登记失业率2.54%', [('urban_unemployment_registered', 2.54, 2.54, '%', None)]),
    ('actual', '预计单位GDP能耗强度下降1%', [('energy_intensity', 1.0, 1.0, '%', None)]),
    ('target', '地区生产总值增长6%以上', [('gdp', 6.0, 6.0, '%', '以上')]),
    ('target', '三次产业增加值分别增长2%、5%和7%以上', [('primary_industry_va', 2.0, 2.0, '%', '以上'), ('secondary_industry_va', 5.0, 5.0, '%', '以上'), ('tertiary_industry_va', 7.0, 7.0, '%', '以上')]),
    ('target', '全社会固定资产投资增长6%以上', [('fixed_asset_investment', 6.0, 6.0, '%', '以上')]),
    ('target', '社会消费品零售总额增长8%以上', [('retail_sales', 8.0, 8.0, '%', '以上')]),
    ('target', '外贸进出口总额增长5%以上', [('import_export', 5.0, 5.0, '%', '以上')]),
    ('target', '常住人口城镇化率80.3%', [('urbanization_rate', 80.3, 80.3, '%', None)]),
    ('target', '地方一般公共预算收入、城乡居民人均可支配收入增长与经济增长基本同步', [('public_budget_revenue', None, None, None, None), ('urban_income', None, None, None, None), ('rural_income', None, None, None, None)]),
    ('target', '空气质量优良天数300天以上', [('air_quality_days', 300.0, 300.0, '天', '以上')]),
    ('actual', '全年地区生产总值增长2.8%', [('gdp', 2.8, 2.8, '%', None)]),
    ('actual', '规模以上工业增加值增长5.6%', [('industrial_value_added', 5.6, 5.6, '%', None)]),
    ('actual', '固定资产投资增长5%。', [('fixed_asset_investment', 5.0, 5.0, '%', None)]),
    ('target', '第一、第二、第三产业增加值分别增长2%、5.5%和6.5%', [('primary_industry_va', 2.0, 2.0, '%', None), ('secondary_industry_va', 5.5, 5.5, '%', None), ('tertiary_industry_va', 6.5, 6.5, '%', None)]),
    ('target', '全社会固定资产投资增长6.5%', [('fixed_asset_investment', 6.5, 6.5, '%', None)]),
    ('target', '社会消费品零售总额增长7%', [('retail_sales', 7.0, 7.0, '%', None)]),
    ('target', '外贸进出口总额增长4.5%', [('import_export', 4.5, 4.5, '%', None)]),
    ('target', '常住人口城镇化率达80.5%', [('urbanization_rate', 80.5, 80.5, '%', None)]),
    ('target', '地方一般公共预算收入增长5.5%', [('public_budget_revenue', 5.5, 5.5, '%', None)]),
    ('actual', '社会消费品零售总额突破1万亿元', [('retail_sales', 1.0, 1.0, '万亿元', '以上')]),
    ('actual', '地区生产总值超2.2万亿元', [('gdp_level', 2.2, 2.2, '万亿元', '以上')]),
    ('actual', '全社会研发经费投入增长16%', [('rd_spending', 16.0, 16.0, '%', None)]),
    ('actual', '规模以上工业增加值增长4.1%', [('industrial_value_added', 4.1, 4.1, '%', None)]),
    ('actual', '全社会固定资产投资增长2%', [('fixed_asset_investment', 2.0, 2.0, '%', None)]),
    ('actual', '城乡居民人均可支配收入分别增长4.7%、6.9%', [('urban_income', 4.7, 4.7, '%', None), ('rural_income', 6.9, 6.9, '%', None)]),
    ('actual', '预计单位地区生产总值能耗下降3.5%', [('energy_intensity', 3.5, 3.5, '%', None)]),
    ('actual', '外贸进出口总额7489.8亿元', [('import_export', 7489.8, 7489.8, '亿元', None)]),
    ('actual', '城镇新增就业26.4万人', [('urban_new_jobs', 26.4, 26.4, '万人', None)]),
    # beyond the gold table: other reports read by hand, and constructions the gold has few of
    ("target", "城镇登记失业率和调查失业率分别控制在4.5%、5.5%以内",
     [("urban_unemployment_registered", 4.5, 4.5, "%", "以内"), ("urban_unemployment_surveyed", 5.5, 5.5, "%", "以内")]),
    ("actual", "城镇居民人均可支配收入22210元，农民人均纯收入8492元，分别增长11.2%、13.6%",
     [("urban_income", 22210.0, 22210.0, "元", None), ("rural_income", 8492.0, 8492.0, "元", None),
      ("urban_income", 11.2, 11.2, "%", None), ("rural_income", 13.6, 13.6, "%", None)]),
    ("target", "人口自然增长率控制在5.6‰以内", [("population_growth_rate", 5.6, 5.6, "‰", "以内")]),
    ("target", "居民消费价格指数控制在103.5左右", [("cpi", 103.5, 103.5, "指数(上年=100)", "左右")]),
    ("target", "其中第一、第二、第三产业增加值分别增长2.8%、5%、6%",
     [("primary_industry_va", 2.8, 2.8, "%", None), ("secondary_industry_va", 5.0, 5.0, "%", None),
      ("tertiary_industry_va", 6.0, 6.0, "%", None)]),
    ("target", "城乡居民收入分别增长8%左右",
     [("urban_income", 8.0, 8.0, "%", "左右"), ("rural_income", 8.0, 8.0, "%", "左右")]),
    ("target", "城镇新增就业24万人以上", [("urban_new_jobs", 24.0, 24.0, "万人", "以上")]),
    ("actual", "地方一般公共预算收入首次突破2000亿元", [("public_budget_revenue", 2000.0, 2000.0, "亿元", "以上")]),
    ("actual", "国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%", []),
    ("actual", "地区生产总值年均增长6.2%", []),
    ("actual", "脱贫地区农村居民人均可支配收入增长6.8%", []),
    ("actual", "社会消费品零售总额增速分别比全国高0.2、0.9、0.1个百分点", []),
    ("actual", "服务业增加值比重达到46.1%", []),
    ("actual", "粮食产量首次跃上1.4万亿斤新台阶", []),
    ("actual", "一般公共预算收入居副省级城市第4位", []),
    ("target", "地区生产总值增长*%左右", [("gdp", None, None, "%", "左右")]),
    ("target", "规模以上工业增加值增长*.*%左右", [("industrial_value_added", None, None, "%", "左右")]),
    # regressions found by the blind held-out gold (tests/data/goals/heldout): a qualifier on every value
    # of a list (chengdu-2025), and 保持一致 with 增幅 as the relation to growth (mianyang-2020)
    ("target", "第一、第二、第三产业增加值分别增长3%以上、6%以上和6%以上",
     [("primary_industry_va", 3.0, 3.0, "%", "以上"), ("secondary_industry_va", 6.0, 6.0, "%", "以上"),
      ("tertiary_industry_va", 6.0, 6.0, "%", "以上")]),
    ("target", "地方一般公共预算收入同口径增幅与地区生产总值增幅保持一致",
     [("public_budget_revenue", None, None, None, None)]),
]


@pytest.mark.parametrize(("kind", "phrase", "expected"), PHRASES, ids=[p[1][:24] for p in PHRASES])
def test_real_phrases(kind: str, phrase: str, expected: list[Row]) -> None:
    goals = scan_text(phrase, kind=kind, year=2023)
    got = [(g.metric, g.low, g.high, g.unit, g.qualifier) for g in goals]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    for g in goals:
        assert 0 <= g.start < g.end <= len(phrase)
        assert g.kind == kind and g.year == 2023
        assert g.refers_to_year == (2022 if kind == "actual" else 2023)


def test_at_least_sixty_real_phrases() -> None:
    assert len(PHRASES) >= 60


# ----------------------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(("text", "value"), [
    ("6.5", 6.5), ("６．５", 6.5), ("1,200", 1200.0), ("3.5万", 35000.0), ("1.3万亿", 1.3e12), ("6.5%", 6.5),
    ("一百二十", 120.0), ("两万", 20000.0), ("十二", 12.0), ("三千零五", 3005.0), ("一亿二千万", 120_000_000.0),
    ("零", 0.0), ("三点五", 3.5), ("十", 10.0), ("", None), ("abc", None), ("万", None), ("五点", None),
])
def test_parse_number_table(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_round_trip(d: object) -> None:
    text = f"{d}"
    assert parse_number(text) == pytest.approx(float(text))
    assert parse_number(text + "%") == pytest.approx(float(text))


@given(st.integers(min_value=0, max_value=10**8))
def test_parse_number_full_width(n: int) -> None:
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == n
    assert parse_number(f"{n:,}") == n


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        q = n // value % 10
        if q:
            if zero:
                out += "零"
            out += digits[q] + name
            zero = False
        elif out:
            zero = True
    return out


@given(st.integers(min_value=0, max_value=9999), st.sampled_from(["", "万", "亿"]))
def test_parse_number_chinese_numerals(n: int, big: str) -> None:
    factor = {"": 1, "万": 10_000, "亿": 100_000_000}[big]
    text = _cn(n) + big
    if n == 0 and big:
        return
    assert parse_number(text) == n * factor


@given(st.floats(min_value=0.01, max_value=9999, allow_nan=False), st.sampled_from(["万", "亿", "万亿"]))
def test_parse_number_multipliers(x: float, mult: str) -> None:
    text = f"{x:.2f}"
    factor = {"万": 1e4, "亿": 1e8, "万亿": 1e12}[mult]
    assert parse_number(text + mult) == pytest.approx(float(text) * factor)


# ------------------------------------------------------------------------------------- metric keys

@pytest.mark.parametrize(("text", "key"), [
    ("地区生产总值", "gdp"), ("国内生产总值", "gdp"), ("规上工业增加值", "industrial_value_added"),
    ("规模以上工业增加值", "industrial_value_added"), ("社会消费品零售总额", "retail_sales"),
    ("地方一般公共预算收入", "public_budget_revenue"), ("公共财政收入", "public_budget_revenue"),
    ("城镇居民人均可支配收入", "urban_income"), ("农民人均纯收入", "rural_income"),
    ("居民人均可支配收入", "resident_income"), ("居民消费价格涨幅", "cpi"), ("城镇新增就业", "urban_new_jobs"),
    ("城镇调查失业率", "urban_unemployment_surveyed"), ("城镇登记失业率", "urban_unemployment_registered"),
    ("单位国内生产总值能耗", "energy_intensity"), ("粮食产量", "grain_output"), ("外贸进出口总额", "import_export"),
    ("全社会研发经费投入", "rd_spending"), ("服务业增加值", "tertiary_industry_va"), ("公办幼儿园", "other"),
    ("城乡居民人均可支配收入", "other"),
])
def test_metric_key(text: str, key: str) -> None:
    assert metric_key(text) == key


def test_metrics_file_is_consistent() -> None:
    metrics = load_metrics()
    for key in ("gdp", "gdp_level", "fixed_asset_investment", "industrial_value_added", "retail_sales",
                "public_budget_revenue", "urban_income", "rural_income", "resident_income", "cpi",
                "urban_new_jobs", "urban_unemployment_surveyed", "urban_unemployment_registered",
                "energy_intensity", "grain_output", "import_export", "rd_spending"):
        assert key in metrics
    aliases = [a for v in metrics.values() for a in v]
    assert len(aliases) == len(set(aliases)), "an alias names two metrics"
    for key, values in metrics.items():
        for alias in values:
            assert metric_key(alias) == key


# --------------------------------------------------------------------------------- whole reports

@cache
def _report(rel: str) -> Report:
    from reportdiff.parse import parse

    return parse((DATA / rel).read_text(encoding="utf-8"))


def _national_gdp() -> list[dict[str, str]]:
    with (DATA / "goals" / "national_gdp.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("row", _national_gdp(), ids=lambda r: r["year"])
def test_national_gdp_target_and_actual(row: dict[str, str]) -> None:
    report = _report(f"corpus/national/guowuyuan-{row['year']}.txt")
    goals = extract_goals(report, kinds=("target", "actual"))
    targets = [g for g in goals if g.kind == "target" and g.metric == "gdp"]
    if not row["target_low"]:
        assert targets == []
        assert row["phrase_target"] in report.text
    else:
        assert len(targets) == 1
        t = targets[0]
        assert (t.low, t.high, t.qualifier) == (float(row["target_low"]), float(row["target_high"]),
                                                row["target_qualifier"] or None)
        assert t.unit == "%" and not t.masked and t.year == int(row["year"]) == t.refers_to_year
        assert report.text[t.start:t.end].endswith(report.text[t.start:t.end])
        assert row["phrase_target"] in report.text[t.start - 2:t.end + 2] or \
            report.text[t.start:t.end] in row["phrase_target"]
    actuals = [g for g in goals if g.kind == "actual" and g.metric == "gdp"]
    assert len(actuals) == 1
    assert actuals[0].low == float(row["actual_prev_year"])
    assert actuals[0].refers_to_year == int(row["year"]) - 1


def test_every_goal_has_offsets_and_block() -> None:
    report = _report("corpus/city/guangan-2023.txt")
    goals = extract_goals(report)
    assert {g.kind for g in goals} == {"target", "actual", "commitment"}
    blocks = {b.id: b for b in report.blocks}
    for g in goals:
        assert 0 <= g.start < g.end <= len(report.text)
        assert g.node in blocks
        assert blocks[g.node].start <= g.start < blocks[g.node].end


def test_seed_targets_are_masked_not_guessed() -> None:
    report = _report("seed.txt")
    targets = [g for g in extract_goals(report, kinds=("target",))]
    numeric = [g for g in targets if g.direction not in ("同步", "基本同步")]
    assert {g.metric for g in numeric} == {"gdp", "fixed_asset_investment", "industrial_value_added",
                                           "retail_sales", "urban_income", "rural_income"}
    for g in numeric:
        assert g.masked and g.low is None and g.high is None
        assert "*" in report.text[g.start:g.end]
    assert any(g.metric == "public_budget_revenue" and g.direction == "基本同步" for g in targets)
    original = _report("corpus/city/guangan-2023.txt")
    unmasked = {g.metric: g for g in extract_goals(original, kinds=("target",))}
    assert unmasked["gdp"].low == 7.0 and not unmasked["gdp"].masked


def test_fallback_without_parts_finds_the_headline_paragraph() -> None:
    text = (DATA / "corpus/city/guangan-2023.txt").read_text(encoding="utf-8")
    bare = Report(text=text, root=Node("r", "report", 0, len(text)), meta=Meta(year=2023))
    span = headline_span(bare)
    assert span is not None and "主要预期目标" in text[span[0]:span[1]]
    targets = extract_goals(bare, kinds=("target",))
    assert [(g.metric, g.low) for g in targets if g.metric == "gdp"] == [("gdp", 7.0)]
    assert all(g.node is None for g in targets)


def test_estimated_actuals() -> None:
    goals = extract_goals(_report("corpus/city/guangan-2025.txt"), kinds=("actual",))
    gdp = next(g for g in goals if g.metric == "gdp")
    assert gdp.estimated and gdp.low == 7.0 and gdp.qualifier == "左右" and gdp.refers_to_year == 2024
    jobs = next(g for g in goals if g.metric == "urban_new_jobs")
    assert not jobs.estimated


def test_strength_of_targets() -> None:
    goals = {g.metric: g for g in extract_goals(_report("corpus/city/mianyang-2022.txt"), kinds=("target",))}
    assert goals["urban_unemployment_surveyed"].strength == "力争"
    assert goals["urban_unemployment_registered"].strength is None
    s23 = {g.metric: g for g in extract_goals(_report("corpus/province/sichuan-2023.txt"), kinds=("target",))}
    assert s23["gdp_level"].strength == "确保" and s23["gdp"].strength is None


def test_commitments_are_quantified_plan_items() -> None:
    report = _report("corpus/city/guangan-2023.txt")
    commitments = extract_goals(report, kinds=("commitment",))
    assert len(commitments) >= 20
    plan = next(p for p in report.parts if p.role == "plan")
    for g in commitments:
        assert plan.start <= g.start < plan.end
        assert g.low is not None or g.masked
        assert g.metric_text
    texts = [report.text[g.start:g.end] for g in commitments]
    assert any("高新技术企业" in t for t in texts)


def test_unknown_kind_is_an_option_error() -> None:
    from reportdiff.errors import OptionError

    with pytest.raises(OptionError):
        extract_goals(_report("seed.txt"), kinds=("promise",))


# ---------------------------------------------------------------------------------- goal changes

def _g(metric: str, low: float | None, *, kind: str = "target", high: float | None = None,
       unit: str | None = "%", qualifier: str | None = None, strength: str | None = None,
       direction: str = "增长", text: str = "", masked: bool = False) -> Goal:
    return Goal(kind, metric, text or metric, direction, low, low if high is None else high, unit,  # type: ignore[arg-type]
                qualifier, strength, masked, 2023, 2023, 0, 1, None)


@pytest.mark.parametrize(("old", "new", "change", "detail"), [
    (_g("gdp", 7.5), _g("gdp", 7.0, qualifier="左右"), "lowered", "qualifier_changed: — → 左右"),
    (_g("gdp", 6.0), _g("gdp", 6.5), "raised", None),
    (_g("gdp", 5.0, qualifier="左右"), _g("gdp", 5.0, qualifier="左右"), "unchanged", None),
    (_g("gdp", 5.0, qualifier="左右"), _g("gdp", 5.0, qualifier="以上"), "qualifier_changed", None),
    (_g("gdp", 5.0, strength="力争"), _g("gdp", 5.0, strength="确保"), "strength_changed", None),
    (_g("gdp", 6.5, high=7.0), _g("gdp", 6.0, high=6.5), "lowered", None),
    (_g("gdp", None, masked=True), _g("gdp", 7.0), "masked", None),
    (_g("resident_income", None, unit=None, direction="基本同步"),
     _g("resident_income", None, unit=None, direction="同步"), "wording_changed", None),
    (_g("grain_output", 1.3, unit="万亿斤"), _g("grain_output", 14000, unit="亿斤"), "raised", None),
])
def test_target_changes(old: Goal, new: Goal, change: str, detail: str | None) -> None:
    (c,) = compare_goals([old], [new])
    assert c.change == change
    if detail:
        assert detail in c.details


def test_new_and_dropped_targets() -> None:
    changes = compare_goals([_g("cpi", 3.0)], [_g("gdp", 5.0)])
    assert [(c.metric, c.change) for c in changes] == [("cpi", "dropped"), ("gdp", "new")]


@pytest.mark.parametrize(("target", "actual", "outcome", "gap"), [
    (_g("gdp", 7.0, qualifier="左右"), _g("gdp", 8.1, kind="actual"), "met", 1.1),
    (_g("gdp", 7.5), _g("gdp", 3.6, kind="actual"), "missed", -3.9),
    (_g("gdp", 5.0, qualifier="左右"), _g("gdp", 4.8, kind="actual"), "met", -0.2),
    (_g("urban_unemployment_surveyed", 5.5, qualifier="左右"),
     _g("urban_unemployment_surveyed", 5.2, kind="actual"), "met", -0.3),
    (_g("cpi", 3.0, qualifier="左右"), _g("cpi", 3.4, kind="actual"), "missed", 0.4),
    (_g("urban_new_jobs", 1100, unit="万人", qualifier="以上"),
     _g("urban_new_jobs", 1269, unit="万人", kind="actual"), "met", 169.0),
    (_g("gdp", 7.0), _g("gdp", None, kind="actual", masked=True), "unknown", None),
])
def test_outcomes(target: Goal, actual: Goal, outcome: str, gap: float | None) -> None:
    (c,) = compare_goals([target], [actual])
    assert c.outcome == outcome
    assert (c.gap is None) if gap is None else c.gap == pytest.approx(gap)


def test_commitments_matched_by_phrase() -> None:
    old = [_g("other", 12, kind="commitment", unit="所", text="公办幼儿园"),
           _g("other", 150, kind="commitment", unit="亿元", text="交通投资")]
    new = [_g("other", 15, kind="commitment", unit="所", text="公办幼儿园"),
           _g("other", 30, kind="commitment", unit="个", text="城市社区综合体")]
    changes = {(c.change, (c.old or c.new).metric_text) for c in compare_goals(old, new)}  # type: ignore[union-attr]
    assert changes == {("raised", "公办幼儿园"), ("dropped", "交通投资"), ("new", "城市社区综合体")}


def test_guangan_2022_to_2023_headline_changes() -> None:
    old = extract_goals(_report("corpus/city/guangan-2022.txt"))
    new = extract_goals(_report("corpus/city/guangan-2023.txt"))
    changes = compare_goals(old, new, old_year=2022, new_year=2023)
    targets = {c.metric: c for c in changes if (c.old or c.new).kind == "target"}  # type: ignore[union-attr]
    gdp = targets["gdp"]
    assert gdp.change == "lowered"
    assert (gdp.old.low, gdp.old.qualifier, gdp.new.low, gdp.new.qualifier) == (7.5, None, 7.0, "左右")  # type: ignore[union-attr]
    assert any(d.startswith("qualifier_changed") for d in gdp.details)
    assert targets["fixed_asset_investment"].change == "raised"
    for m in ("industrial_value_added", "retail_sales", "urban_income", "rural_income"):
        assert targets[m].change == "lowered"
    assert targets["public_budget_revenue"].change == "unchanged"
    assert targets["urban_unemployment_surveyed"].change == "dropped"
    table = format_changes(changes)
    assert "7.5%" in table and "7%左右" in table and "lowered" in table
    assert compare_goals(old, new) == changes  # deterministic


def test_targets_are_judged_only_by_actuals_of_their_own_year() -> None:
    """Regression (review): comparing 2019 with 2023 judged the 2019 targets against 2022 figures."""
    from reportdiff.goals import compare_goals, extract_goals
    from reportdiff.parse import parse

    old = parse((CORPUS / "national" / "guowuyuan-2019.txt").read_text(encoding="utf-8"))
    new = parse((CORPUS / "national" / "guowuyuan-2023.txt").read_text(encoding="utf-8"))
    changes = compare_goals(extract_goals(old), extract_goals(new))
    gdp = [c for c in changes if c.metric == "gdp" and c.old is not None]
    assert gdp and all(c.actual is None and c.outcome in (None, "unknown") for c in gdp)
    nxt = parse((CORPUS / "national" / "guowuyuan-2020.txt").read_text(encoding="utf-8"))
    judged = [c for c in compare_goals(extract_goals(old), extract_goals(nxt)) if c.metric == "gdp" and c.old]
    assert judged and judged[0].actual is not None and judged[0].actual.refers_to_year == 2019


@pytest.mark.parametrize(("text", "metric_text", "value", "unit"), [
    ("加快枣彭路湿地生态环境治理等69个项目建设，显著提升主城区能级。", "项目建设", 69.0, "个"),
    ("激发外贸增长动能。大力实施“100户外贸企业”培育行动。", "外贸企业", 100.0, "户"),
    ("年度完成投资60亿元。", "投资", 60.0, "亿元"),
])
def test_commitment_object_after_the_number(text: str, metric_text: str, value: float, unit: str) -> None:
    """Regression (seen in the sample PDF): …治理等69个项目建设 was listed as the metric 「等」."""
    from reportdiff.goals import find_commitments
    from reportdiff.parse import parse

    report = parse("各位代表：\n2023年工作安排\n" + text + "\n")
    goals = [g for g in find_commitments(report) if g.low == value]
    assert [(g.metric_text, g.unit) for g in goals] == [(metric_text, unit)]


@pytest.mark.parametrize("text", ["地区生产总值0.1%-0.0", "地区生产总值增长8%-7%"])
def test_a_band_written_high_to_low_is_ordered(text: str) -> None:
    """Regression (hypothesis, test_goal_grammar_never_raises): 0.1%-0.0 gave low 0.1 > high 0.0."""
    from reportdiff.goals import scan_text

    goals = scan_text(text, kind="target")
    assert goals and all(g.low is not None and g.high is not None and g.low <= g.high for g in goals)
