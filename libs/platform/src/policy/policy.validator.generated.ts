// Generated from PolicyDocumentSchema (policy.schema.ts) by ajv standalone code: do not edit. Regenerate with
//   UPDATE_POLICY_VALIDATOR=1 npx jest test/policy-validator.spec.ts
/* eslint-disable */
// @ts-nocheck
"use strict";
export const validate = validate0;
export default validate0;
const schema0 = {"additionalProperties":false,"type":"object","required":["version","app"],"properties":{"version":{"const":1,"type":"number"},"app":{"minLength":1,"type":"string"},"upstreams":{"type":"object","patternProperties":{"^(.*)$":{"additionalProperties":false,"type":"object","properties":{"baseUrl":{"pattern":"^https?://","description":"absolute http(s) URL","type":"string"},"instances":{"minItems":1,"type":"array","items":{"anyOf":[{"pattern":"^https?://","description":"absolute http(s) URL","type":"string"},{"additionalProperties":false,"type":"object","required":["url"],"properties":{"url":{"pattern":"^https?://","description":"absolute http(s) URL","type":"string"},"weight":{"minimum":1,"maximum":1000,"type":"integer"},"version":{"pattern":"^[A-Za-z0-9_.-]{1,64}$","type":"string"}}}]}},"canary":{"additionalProperties":false,"type":"object","required":["version"],"properties":{"version":{"pattern":"^[A-Za-z0-9_.-]{1,64}$","type":"string"},"percent":{"minimum":0,"maximum":100,"type":"number"},"header":{"additionalProperties":false,"type":"object","required":["name"],"properties":{"name":{"pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$","type":"string"},"value":{"type":"string"}}}}},"dns":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","properties":{"ttlMs":{"minimum":1,"description":"answer reused for this long","type":"integer"}}}]},"connections":{"minimum":1,"description":"sockets per instance","type":"integer"},"connectTimeoutMs":{"minimum":1,"description":"TCP connect","type":"integer"},"headersTimeoutMs":{"minimum":1,"description":"response headers","type":"integer"},"bodyTimeoutMs":{"minimum":1,"description":"silence between body chunks","type":"integer"},"keepAliveTimeoutMs":{"minimum":1,"description":"idle socket kept","type":"integer"},"maxResponseBytes":{"minimum":1,"description":"largest body","type":"integer"},"unavailableRetryAfterSec":{"minimum":1,"description":"Retry-After of a 503","type":"integer"},"breaker":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","properties":{"failureRate":{"minimum":0,"maximum":1,"description":"share of failed calls that opens it","type":"number"},"slowCallRate":{"minimum":0,"maximum":1,"description":"share of slow calls that opens it","type":"number"},"slowCallMs":{"minimum":1,"description":"a slow call","type":"integer"},"minimumCalls":{"minimum":1,"description":"calls before it may open","type":"integer"},"consecutiveTimeouts":{"minimum":0,"description":"timeouts in a row that open it (0 = off)","type":"integer"},"windowMs":{"minimum":1,"description":"rolling window","type":"integer"},"openMs":{"minimum":1,"description":"first open interval","type":"integer"},"maxOpenMs":{"minimum":1,"description":"longest open interval","type":"integer"},"halfOpenProbes":{"minimum":1,"description":"probes while half-open","type":"integer"},"operations":{"description":"operations with their own","type":"array","items":{"pattern":"^[A-Za-z0-9_.-]{1,64}$","type":"string"}}}}]},"bulkhead":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","properties":{"maxConcurrent":{"minimum":1,"description":"attempts in flight","type":"integer"},"maxQueue":{"minimum":0,"description":"attempts queued","type":"integer"},"operations":{"description":"operations with their own","type":"array","items":{"pattern":"^[A-Za-z0-9_.-]{1,64}$","type":"string"}}}}]},"retry":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","properties":{"retries":{"minimum":0,"maximum":10,"type":"integer"},"baseDelayMs":{"minimum":1,"description":"first backoff ceiling","type":"integer"},"maxDelayMs":{"minimum":1,"description":"largest backoff ceiling","type":"integer"},"budgetRatio":{"minimum":0,"maximum":1,"description":"share of recent calls that may be retries","type":"number"},"minRetriesPerSec":{"minimum":0,"description":"retries always allowed per second","type":"integer"},"budgetWindowMs":{"minimum":1000,"type":"integer"},"minAttemptMs":{"minimum":0,"description":"least budget left for a retry","type":"integer"}}}]},"outlierEjection":{"additionalProperties":false,"type":"object","properties":{"consecutiveFailures":{"minimum":1,"description":"failures in a row that eject","type":"integer"},"baseEjectionMs":{"minimum":1,"description":"first ejection","type":"integer"},"maxEjectionMs":{"minimum":1,"description":"longest ejection","type":"integer"},"maxEjectedPercent":{"minimum":0,"maximum":100,"type":"number"}}},"coalesce":{"type":"boolean"},"cache":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","properties":{"routes":{"type":"array","items":{"pattern":"^/","description":"a path; `*` stands for one segment","type":"string"}},"shared":{"type":"boolean"}}}]},"hedge":{"anyOf":[{"const":false,"type":"boolean"},{"additionalProperties":false,"type":"object","required":["delayMs"],"properties":{"delayMs":{"anyOf":[{"minimum":0,"maximum":60000,"type":"integer"},{"const":"p95","type":"string"}]},"fallbackDelayMs":{"minimum":0,"description":"delay of a p95 hedge before enough answers","type":"integer"},"minDelayMs":{"minimum":0,"description":"shortest p95 delay","type":"integer"},"routes":{"type":"array","items":{"pattern":"^/","description":"a path; `*` stands for one segment","type":"string"}}}}]}}}}},"routes":{"type":"object","patternProperties":{"^(.*)$":{"additionalProperties":false,"type":"object","properties":{"rateLimit":{"anyOf":[{"const":"skip","type":"string"},{"minItems":1,"type":"array","items":{"additionalProperties":false,"type":"object","required":["name","algorithm","limit","windowMs"],"properties":{"name":{"type":"string"},"algorithm":{"anyOf":[{"const":"gcra","type":"string"},{"const":"sliding-window","type":"string"}]},"limit":{"minimum":1,"type":"integer"},"windowMs":{"minimum":1000,"type":"integer"},"burst":{"minimum":1,"description":"GCRA: units at once","type":"integer"},"onStoreFailure":{"anyOf":[{"const":"fail-open","type":"string"},{"const":"fail-closed","type":"string"}]}}}}]},"auth":{"additionalProperties":false,"type":"object","properties":{"public":{"type":"boolean"},"optional":{"type":"boolean"},"scopes":{"type":"array","items":{"minLength":1,"type":"string"}}}}}}}}}};
const func0 = require("ajv/dist/runtime/ucs2length").default;
const func1 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^(.*)$", "u");
const pattern1 = new RegExp("^https?://", "u");
const pattern4 = new RegExp("^[A-Za-z0-9_.-]{1,64}$", "u");
const pattern6 = new RegExp("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$", "u");
const pattern9 = new RegExp("^/", "u");

function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema0.required,parentSchema:schema0,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.app === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "app"},message:"must have required property '"+"app"+"'",schema:schema0.required,parentSchema:schema0,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "version") || (key0 === "app")) || (key0 === "upstreams")) || (key0 === "routes"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema0,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.version !== undefined){
let data0 = data.version;
if(!(typeof data0 == "number")){
const err3 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.version.type,parentSchema:schema0.properties.version,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(1 !== data0){
const err4 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant",schema:1,parentSchema:schema0.properties.version,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.app !== undefined){
let data1 = data.app;
if(typeof data1 === "string"){
if(func0(data1) < 1){
const err5 = {instancePath:instancePath+"/app",schemaPath:"#/properties/app/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema0.properties.app,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/app",schemaPath:"#/properties/app/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.app.type,parentSchema:schema0.properties.app,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.upstreams !== undefined){
let data2 = data.upstreams;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
if(pattern0.test(key1)){
let data3 = data2[key1];
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key2 in data3){
if(!(func1.call(schema0.properties.upstreams.patternProperties["^(.*)$"].properties, key2))){
const err7 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"],data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data3.baseUrl !== undefined){
let data4 = data3.baseUrl;
if(typeof data4 === "string"){
if(!pattern1.test(data4)){
const err8 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/baseUrl",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/baseUrl/pattern",keyword:"pattern",params:{pattern: "^https?://"},message:"must match pattern \""+"^https?://"+"\"",schema:"^https?://",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.baseUrl,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/baseUrl",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/baseUrl/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.baseUrl.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.baseUrl,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.instances !== undefined){
let data5 = data3.instances;
if(Array.isArray(data5)){
if(data5.length < 1){
const err10 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
const len0 = data5.length;
for(let i0=0; i0<len0; i0++){
let data6 = data5[i0];
const _errs16 = errors;
let valid5 = false;
const _errs17 = errors;
if(typeof data6 === "string"){
if(!pattern1.test(data6)){
const err11 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/0/pattern",keyword:"pattern",params:{pattern: "^https?://"},message:"must match pattern \""+"^https?://"+"\"",schema:"^https?://",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[0],data:data6};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[0],data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var _valid0 = _errs17 === errors;
valid5 = valid5 || _valid0;
if(!valid5){
const _errs19 = errors;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.url === undefined){
const err13 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].required,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1],data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
for(const key3 in data6){
if(!(((key3 === "url") || (key3 === "weight")) || (key3 === "version"))){
const err14 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1],data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.url !== undefined){
let data7 = data6.url;
if(typeof data7 === "string"){
if(!pattern1.test(data7)){
const err15 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/url",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://"},message:"must match pattern \""+"^https?://"+"\"",schema:"^https?://",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.url,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/url",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.url.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.url,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data6.weight !== undefined){
let data8 = data6.weight;
if(!((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8)))){
const err17 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/weight",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/weight/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.weight.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.weight,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(typeof data8 == "number"){
if(data8 > 1000 || isNaN(data8)){
const err18 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/weight",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/weight/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.weight,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data8 < 1 || isNaN(data8)){
const err19 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/weight",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/weight/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.weight,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
if(data6.version !== undefined){
let data9 = data6.version;
if(typeof data9 === "string"){
if(!pattern4.test(data9)){
const err20 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/version",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/version/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,64}$",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.version,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0+"/version",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.version.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].properties.version,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf[1],data:data6};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs19 === errors;
valid5 = valid5 || _valid0;
}
if(!valid5){
const err23 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances/" + i0,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.items,data:data6};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
else {
errors = _errs16;
if(vErrors !== null){
if(_errs16){
vErrors.length = _errs16;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err24 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/instances",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/instances/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.instances,data:data5};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data3.canary !== undefined){
let data10 = data3.canary;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.version === undefined){
const err25 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.required,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
for(const key4 in data10){
if(!(((key4 === "version") || (key4 === "percent")) || (key4 === "header"))){
const err26 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data10.version !== undefined){
let data11 = data10.version;
if(typeof data11 === "string"){
if(!pattern4.test(data11)){
const err27 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/version",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/version/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,64}$",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.version,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/version",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.version.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.version,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data10.percent !== undefined){
let data12 = data10.percent;
if(typeof data12 == "number"){
if(data12 > 100 || isNaN(data12)){
const err29 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/percent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/percent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.percent,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data12 < 0 || isNaN(data12)){
const err30 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/percent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/percent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.percent,data:data12};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/percent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/percent/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.percent.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.percent,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data10.header !== undefined){
let data13 = data10.header;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err32 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.required,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
for(const key5 in data13){
if(!((key5 === "name") || (key5 === "value"))){
const err33 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data13.name !== undefined){
let data14 = data13.name;
if(typeof data14 === "string"){
if(!pattern6.test(data14)){
const err34 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header/name",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/properties/name/pattern",keyword:"pattern",params:{pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$"},message:"must match pattern \""+"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$"+"\"",schema:"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.properties.name,data:data14};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header/name",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.properties.name.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.properties.name,data:data14};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data13.value !== undefined){
let data15 = data13.value;
if(typeof data15 !== "string"){
const err36 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header/value",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.properties.value.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.properties.value,data:data15};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary/header",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/properties/header/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.properties.header,data:data13};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/canary",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/canary/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.canary,data:data10};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data3.dns !== undefined){
let data16 = data3.dns;
const _errs43 = errors;
let valid9 = false;
const _errs44 = errors;
if(typeof data16 !== "boolean"){
const err39 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[0],data:data16};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(false !== data16){
const err40 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[0],data:data16};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
var _valid1 = _errs44 === errors;
valid9 = valid9 || _valid1;
if(!valid9){
const _errs46 = errors;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key6 in data16){
if(!(key6 === "ttlMs")){
const err41 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1],data:data16};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data16.ttlMs !== undefined){
let data17 = data16.ttlMs;
if(!((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17)))){
const err42 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns/ttlMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/1/properties/ttlMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1].properties.ttlMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1].properties.ttlMs,data:data17};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(typeof data17 == "number"){
if(data17 < 1 || isNaN(data17)){
const err43 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns/ttlMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/1/properties/ttlMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1].properties.ttlMs,data:data17};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
}
else {
const err44 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf[1],data:data16};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var _valid1 = _errs46 === errors;
valid9 = valid9 || _valid1;
}
if(!valid9){
const err45 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/dns",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/dns/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.dns,data:data16};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
else {
errors = _errs43;
if(vErrors !== null){
if(_errs43){
vErrors.length = _errs43;
}
else {
vErrors = null;
}
}
}
}
if(data3.connections !== undefined){
let data18 = data3.connections;
if(!((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18)))){
const err46 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/connections",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/connections/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connections.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connections,data:data18};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(typeof data18 == "number"){
if(data18 < 1 || isNaN(data18)){
const err47 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/connections",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/connections/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connections,data:data18};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
if(data3.connectTimeoutMs !== undefined){
let data19 = data3.connectTimeoutMs;
if(!((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19)))){
const err48 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/connectTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/connectTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connectTimeoutMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connectTimeoutMs,data:data19};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(typeof data19 == "number"){
if(data19 < 1 || isNaN(data19)){
const err49 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/connectTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/connectTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.connectTimeoutMs,data:data19};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
}
if(data3.headersTimeoutMs !== undefined){
let data20 = data3.headersTimeoutMs;
if(!((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20)))){
const err50 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/headersTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/headersTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.headersTimeoutMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.headersTimeoutMs,data:data20};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(typeof data20 == "number"){
if(data20 < 1 || isNaN(data20)){
const err51 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/headersTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/headersTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.headersTimeoutMs,data:data20};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
if(data3.bodyTimeoutMs !== undefined){
let data21 = data3.bodyTimeoutMs;
if(!((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21)))){
const err52 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bodyTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bodyTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bodyTimeoutMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bodyTimeoutMs,data:data21};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(typeof data21 == "number"){
if(data21 < 1 || isNaN(data21)){
const err53 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bodyTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bodyTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bodyTimeoutMs,data:data21};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
if(data3.keepAliveTimeoutMs !== undefined){
let data22 = data3.keepAliveTimeoutMs;
if(!((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22)))){
const err54 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/keepAliveTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/keepAliveTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.keepAliveTimeoutMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.keepAliveTimeoutMs,data:data22};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if(typeof data22 == "number"){
if(data22 < 1 || isNaN(data22)){
const err55 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/keepAliveTimeoutMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/keepAliveTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.keepAliveTimeoutMs,data:data22};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
if(data3.maxResponseBytes !== undefined){
let data23 = data3.maxResponseBytes;
if(!((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23)))){
const err56 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxResponseBytes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/maxResponseBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.maxResponseBytes.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.maxResponseBytes,data:data23};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if(typeof data23 == "number"){
if(data23 < 1 || isNaN(data23)){
const err57 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxResponseBytes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/maxResponseBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.maxResponseBytes,data:data23};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
if(data3.unavailableRetryAfterSec !== undefined){
let data24 = data3.unavailableRetryAfterSec;
if(!((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24)))){
const err58 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/unavailableRetryAfterSec",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/unavailableRetryAfterSec/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.unavailableRetryAfterSec.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.unavailableRetryAfterSec,data:data24};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(typeof data24 == "number"){
if(data24 < 1 || isNaN(data24)){
const err59 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/unavailableRetryAfterSec",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/unavailableRetryAfterSec/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.unavailableRetryAfterSec,data:data24};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
if(data3.breaker !== undefined){
let data25 = data3.breaker;
const _errs66 = errors;
let valid11 = false;
const _errs67 = errors;
if(typeof data25 !== "boolean"){
const err60 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[0],data:data25};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(false !== data25){
const err61 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[0],data:data25};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
var _valid2 = _errs67 === errors;
valid11 = valid11 || _valid2;
if(!valid11){
const _errs69 = errors;
if(data25 && typeof data25 == "object" && !Array.isArray(data25)){
for(const key7 in data25){
if(!(func1.call(schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties, key7))){
const err62 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1],data:data25};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data25.failureRate !== undefined){
let data26 = data25.failureRate;
if(typeof data26 == "number"){
if(data26 > 1 || isNaN(data26)){
const err63 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/failureRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/failureRate/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.failureRate,data:data26};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data26 < 0 || isNaN(data26)){
const err64 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/failureRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/failureRate/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.failureRate,data:data26};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
else {
const err65 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/failureRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/failureRate/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.failureRate.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.failureRate,data:data26};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data25.slowCallRate !== undefined){
let data27 = data25.slowCallRate;
if(typeof data27 == "number"){
if(data27 > 1 || isNaN(data27)){
const err66 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/slowCallRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/slowCallRate/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallRate,data:data27};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if(data27 < 0 || isNaN(data27)){
const err67 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/slowCallRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/slowCallRate/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallRate,data:data27};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/slowCallRate",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/slowCallRate/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallRate.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallRate,data:data27};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data25.slowCallMs !== undefined){
let data28 = data25.slowCallMs;
if(!((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28)))){
const err69 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/slowCallMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/slowCallMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallMs,data:data28};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(typeof data28 == "number"){
if(data28 < 1 || isNaN(data28)){
const err70 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/slowCallMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/slowCallMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.slowCallMs,data:data28};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
if(data25.minimumCalls !== undefined){
let data29 = data25.minimumCalls;
if(!((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29)))){
const err71 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/minimumCalls",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/minimumCalls/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.minimumCalls.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.minimumCalls,data:data29};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
if(typeof data29 == "number"){
if(data29 < 1 || isNaN(data29)){
const err72 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/minimumCalls",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/minimumCalls/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.minimumCalls,data:data29};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
if(data25.consecutiveTimeouts !== undefined){
let data30 = data25.consecutiveTimeouts;
if(!((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30)))){
const err73 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/consecutiveTimeouts",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/consecutiveTimeouts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.consecutiveTimeouts.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.consecutiveTimeouts,data:data30};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(typeof data30 == "number"){
if(data30 < 0 || isNaN(data30)){
const err74 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/consecutiveTimeouts",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/consecutiveTimeouts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.consecutiveTimeouts,data:data30};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
if(data25.windowMs !== undefined){
let data31 = data25.windowMs;
if(!((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31)))){
const err75 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/windowMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/windowMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.windowMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.windowMs,data:data31};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(typeof data31 == "number"){
if(data31 < 1 || isNaN(data31)){
const err76 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/windowMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/windowMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.windowMs,data:data31};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
if(data25.openMs !== undefined){
let data32 = data25.openMs;
if(!((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32)))){
const err77 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/openMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/openMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.openMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.openMs,data:data32};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(typeof data32 == "number"){
if(data32 < 1 || isNaN(data32)){
const err78 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/openMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/openMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.openMs,data:data32};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
}
if(data25.maxOpenMs !== undefined){
let data33 = data25.maxOpenMs;
if(!((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33)))){
const err79 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/maxOpenMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/maxOpenMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.maxOpenMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.maxOpenMs,data:data33};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if(typeof data33 == "number"){
if(data33 < 1 || isNaN(data33)){
const err80 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/maxOpenMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/maxOpenMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.maxOpenMs,data:data33};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
}
if(data25.halfOpenProbes !== undefined){
let data34 = data25.halfOpenProbes;
if(!((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34)))){
const err81 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/halfOpenProbes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/halfOpenProbes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.halfOpenProbes.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.halfOpenProbes,data:data34};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
if(typeof data34 == "number"){
if(data34 < 1 || isNaN(data34)){
const err82 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/halfOpenProbes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/halfOpenProbes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.halfOpenProbes,data:data34};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
if(data25.operations !== undefined){
let data35 = data25.operations;
if(Array.isArray(data35)){
const len1 = data35.length;
for(let i1=0; i1<len1; i1++){
let data36 = data35[i1];
if(typeof data36 === "string"){
if(!pattern4.test(data36)){
const err83 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/operations/" + i1,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/operations/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,64}$",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.operations.items,data:data36};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/operations/" + i1,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/operations/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.operations.items.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.operations.items,data:data36};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
else {
const err85 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker/operations",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/properties/operations/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.operations.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].properties.operations,data:data35};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
}
else {
const err86 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf[1],data:data25};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
var _valid2 = _errs69 === errors;
valid11 = valid11 || _valid2;
}
if(!valid11){
const err87 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/breaker",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/breaker/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.breaker,data:data25};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
else {
errors = _errs66;
if(vErrors !== null){
if(_errs66){
vErrors.length = _errs66;
}
else {
vErrors = null;
}
}
}
}
if(data3.bulkhead !== undefined){
let data37 = data3.bulkhead;
const _errs95 = errors;
let valid15 = false;
const _errs96 = errors;
if(typeof data37 !== "boolean"){
const err88 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[0],data:data37};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if(false !== data37){
const err89 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[0],data:data37};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var _valid3 = _errs96 === errors;
valid15 = valid15 || _valid3;
if(!valid15){
const _errs98 = errors;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
for(const key8 in data37){
if(!(((key8 === "maxConcurrent") || (key8 === "maxQueue")) || (key8 === "operations"))){
const err90 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1],data:data37};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data37.maxConcurrent !== undefined){
let data38 = data37.maxConcurrent;
if(!((typeof data38 == "number") && (!(data38 % 1) && !isNaN(data38)))){
const err91 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxConcurrent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/maxConcurrent/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxConcurrent.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxConcurrent,data:data38};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(typeof data38 == "number"){
if(data38 < 1 || isNaN(data38)){
const err92 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxConcurrent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/maxConcurrent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxConcurrent,data:data38};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
if(data37.maxQueue !== undefined){
let data39 = data37.maxQueue;
if(!((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39)))){
const err93 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxQueue",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/maxQueue/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxQueue.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxQueue,data:data39};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
if(typeof data39 == "number"){
if(data39 < 0 || isNaN(data39)){
const err94 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxQueue",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/maxQueue/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.maxQueue,data:data39};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
}
if(data37.operations !== undefined){
let data40 = data37.operations;
if(Array.isArray(data40)){
const len2 = data40.length;
for(let i2=0; i2<len2; i2++){
let data41 = data40[i2];
if(typeof data41 === "string"){
if(!pattern4.test(data41)){
const err95 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/operations/" + i2,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/operations/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9_.-]{1,64}$"+"\"",schema:"^[A-Za-z0-9_.-]{1,64}$",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.operations.items,data:data41};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
else {
const err96 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/operations/" + i2,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/operations/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.operations.items.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.operations.items,data:data41};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
}
else {
const err97 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/operations",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/properties/operations/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.operations.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].properties.operations,data:data40};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
}
else {
const err98 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf[1],data:data37};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
var _valid3 = _errs98 === errors;
valid15 = valid15 || _valid3;
}
if(!valid15){
const err99 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/bulkhead/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.bulkhead,data:data37};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
else {
errors = _errs95;
if(vErrors !== null){
if(_errs95){
vErrors.length = _errs95;
}
else {
vErrors = null;
}
}
}
}
if(data3.retry !== undefined){
let data42 = data3.retry;
const _errs110 = errors;
let valid19 = false;
const _errs111 = errors;
if(typeof data42 !== "boolean"){
const err100 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[0],data:data42};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(false !== data42){
const err101 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[0],data:data42};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
var _valid4 = _errs111 === errors;
valid19 = valid19 || _valid4;
if(!valid19){
const _errs113 = errors;
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
for(const key9 in data42){
if(!(((((((key9 === "retries") || (key9 === "baseDelayMs")) || (key9 === "maxDelayMs")) || (key9 === "budgetRatio")) || (key9 === "minRetriesPerSec")) || (key9 === "budgetWindowMs")) || (key9 === "minAttemptMs"))){
const err102 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data42.retries !== undefined){
let data43 = data42.retries;
if(!((typeof data43 == "number") && (!(data43 % 1) && !isNaN(data43)))){
const err103 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/retries",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/retries/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.retries.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.retries,data:data43};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
if(typeof data43 == "number"){
if(data43 > 10 || isNaN(data43)){
const err104 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/retries",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/retries/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.retries,data:data43};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if(data43 < 0 || isNaN(data43)){
const err105 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/retries",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/retries/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.retries,data:data43};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
if(data42.baseDelayMs !== undefined){
let data44 = data42.baseDelayMs;
if(!((typeof data44 == "number") && (!(data44 % 1) && !isNaN(data44)))){
const err106 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/baseDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/baseDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.baseDelayMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.baseDelayMs,data:data44};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
if(typeof data44 == "number"){
if(data44 < 1 || isNaN(data44)){
const err107 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/baseDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/baseDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.baseDelayMs,data:data44};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
if(data42.maxDelayMs !== undefined){
let data45 = data42.maxDelayMs;
if(!((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45)))){
const err108 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/maxDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.maxDelayMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.maxDelayMs,data:data45};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(typeof data45 == "number"){
if(data45 < 1 || isNaN(data45)){
const err109 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/maxDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.maxDelayMs,data:data45};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
}
if(data42.budgetRatio !== undefined){
let data46 = data42.budgetRatio;
if(typeof data46 == "number"){
if(data46 > 1 || isNaN(data46)){
const err110 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budgetRatio",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/budgetRatio/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetRatio,data:data46};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
if(data46 < 0 || isNaN(data46)){
const err111 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budgetRatio",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/budgetRatio/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetRatio,data:data46};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
else {
const err112 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budgetRatio",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/budgetRatio/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetRatio.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetRatio,data:data46};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data42.minRetriesPerSec !== undefined){
let data47 = data42.minRetriesPerSec;
if(!((typeof data47 == "number") && (!(data47 % 1) && !isNaN(data47)))){
const err113 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/minRetriesPerSec",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/minRetriesPerSec/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minRetriesPerSec.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minRetriesPerSec,data:data47};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
if(typeof data47 == "number"){
if(data47 < 0 || isNaN(data47)){
const err114 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/minRetriesPerSec",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/minRetriesPerSec/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minRetriesPerSec,data:data47};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
}
if(data42.budgetWindowMs !== undefined){
let data48 = data42.budgetWindowMs;
if(!((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48)))){
const err115 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budgetWindowMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/budgetWindowMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetWindowMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetWindowMs,data:data48};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(typeof data48 == "number"){
if(data48 < 1000 || isNaN(data48)){
const err116 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budgetWindowMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/budgetWindowMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1000},message:"must be >= 1000",schema:1000,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.budgetWindowMs,data:data48};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
}
if(data42.minAttemptMs !== undefined){
let data49 = data42.minAttemptMs;
if(!((typeof data49 == "number") && (!(data49 % 1) && !isNaN(data49)))){
const err117 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/minAttemptMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/minAttemptMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minAttemptMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minAttemptMs,data:data49};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
if(typeof data49 == "number"){
if(data49 < 0 || isNaN(data49)){
const err118 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/minAttemptMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/properties/minAttemptMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].properties.minAttemptMs,data:data49};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
}
else {
const err119 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
var _valid4 = _errs113 === errors;
valid19 = valid19 || _valid4;
}
if(!valid19){
const err120 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/retry/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.retry,data:data42};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
else {
errors = _errs110;
if(vErrors !== null){
if(_errs110){
vErrors.length = _errs110;
}
else {
vErrors = null;
}
}
}
}
if(data3.outlierEjection !== undefined){
let data50 = data3.outlierEjection;
if(data50 && typeof data50 == "object" && !Array.isArray(data50)){
for(const key10 in data50){
if(!((((key10 === "consecutiveFailures") || (key10 === "baseEjectionMs")) || (key10 === "maxEjectionMs")) || (key10 === "maxEjectedPercent"))){
const err121 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection,data:data50};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data50.consecutiveFailures !== undefined){
let data51 = data50.consecutiveFailures;
if(!((typeof data51 == "number") && (!(data51 % 1) && !isNaN(data51)))){
const err122 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/consecutiveFailures",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/consecutiveFailures/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.consecutiveFailures.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.consecutiveFailures,data:data51};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if(typeof data51 == "number"){
if(data51 < 1 || isNaN(data51)){
const err123 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/consecutiveFailures",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/consecutiveFailures/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.consecutiveFailures,data:data51};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
}
if(data50.baseEjectionMs !== undefined){
let data52 = data50.baseEjectionMs;
if(!((typeof data52 == "number") && (!(data52 % 1) && !isNaN(data52)))){
const err124 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/baseEjectionMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/baseEjectionMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.baseEjectionMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.baseEjectionMs,data:data52};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
if(typeof data52 == "number"){
if(data52 < 1 || isNaN(data52)){
const err125 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/baseEjectionMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/baseEjectionMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.baseEjectionMs,data:data52};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
}
if(data50.maxEjectionMs !== undefined){
let data53 = data50.maxEjectionMs;
if(!((typeof data53 == "number") && (!(data53 % 1) && !isNaN(data53)))){
const err126 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/maxEjectionMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/maxEjectionMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectionMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectionMs,data:data53};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
if(typeof data53 == "number"){
if(data53 < 1 || isNaN(data53)){
const err127 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/maxEjectionMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/maxEjectionMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectionMs,data:data53};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
}
if(data50.maxEjectedPercent !== undefined){
let data54 = data50.maxEjectedPercent;
if(typeof data54 == "number"){
if(data54 > 100 || isNaN(data54)){
const err128 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/maxEjectedPercent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/maxEjectedPercent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectedPercent,data:data54};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
if(data54 < 0 || isNaN(data54)){
const err129 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/maxEjectedPercent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/maxEjectedPercent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectedPercent,data:data54};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
else {
const err130 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection/maxEjectedPercent",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/properties/maxEjectedPercent/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectedPercent.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.properties.maxEjectedPercent,data:data54};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
else {
const err131 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/outlierEjection",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/outlierEjection/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.outlierEjection,data:data50};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
if(data3.coalesce !== undefined){
let data55 = data3.coalesce;
if(typeof data55 !== "boolean"){
const err132 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/coalesce",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/coalesce/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.coalesce.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.coalesce,data:data55};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
if(data3.cache !== undefined){
let data56 = data3.cache;
const _errs144 = errors;
let valid22 = false;
const _errs145 = errors;
if(typeof data56 !== "boolean"){
const err133 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[0],data:data56};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
if(false !== data56){
const err134 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[0],data:data56};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
var _valid5 = _errs145 === errors;
valid22 = valid22 || _valid5;
if(!valid22){
const _errs147 = errors;
if(data56 && typeof data56 == "object" && !Array.isArray(data56)){
for(const key11 in data56){
if(!((key11 === "routes") || (key11 === "shared"))){
const err135 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1],data:data56};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data56.routes !== undefined){
let data57 = data56.routes;
if(Array.isArray(data57)){
const len3 = data57.length;
for(let i3=0; i3<len3; i3++){
let data58 = data57[i3];
if(typeof data58 === "string"){
if(!pattern9.test(data58)){
const err136 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache/routes/" + i3,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/properties/routes/items/pattern",keyword:"pattern",params:{pattern: "^/"},message:"must match pattern \""+"^/"+"\"",schema:"^/",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.routes.items,data:data58};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
else {
const err137 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache/routes/" + i3,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/properties/routes/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.routes.items.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.routes.items,data:data58};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
}
else {
const err138 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache/routes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/properties/routes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.routes.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.routes,data:data57};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data56.shared !== undefined){
let data59 = data56.shared;
if(typeof data59 !== "boolean"){
const err139 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache/shared",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/properties/shared/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.shared.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].properties.shared,data:data59};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
}
else {
const err140 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf[1],data:data56};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
var _valid5 = _errs147 === errors;
valid22 = valid22 || _valid5;
}
if(!valid22){
const err141 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cache",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/cache/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.cache,data:data56};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
else {
errors = _errs144;
if(vErrors !== null){
if(_errs144){
vErrors.length = _errs144;
}
else {
vErrors = null;
}
}
}
}
if(data3.hedge !== undefined){
let data60 = data3.hedge;
const _errs157 = errors;
let valid26 = false;
const _errs158 = errors;
if(typeof data60 !== "boolean"){
const err142 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[0],data:data60};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
if(false !== data60){
const err143 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[0],data:data60};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
var _valid6 = _errs158 === errors;
valid26 = valid26 || _valid6;
if(!valid26){
const _errs160 = errors;
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
if(data60.delayMs === undefined){
const err144 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/required",keyword:"required",params:{missingProperty: "delayMs"},message:"must have required property '"+"delayMs"+"'",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].required,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1],data:data60};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
for(const key12 in data60){
if(!((((key12 === "delayMs") || (key12 === "fallbackDelayMs")) || (key12 === "minDelayMs")) || (key12 === "routes"))){
const err145 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1],data:data60};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
if(data60.delayMs !== undefined){
let data61 = data60.delayMs;
const _errs164 = errors;
let valid28 = false;
const _errs165 = errors;
if(!((typeof data61 == "number") && (!(data61 % 1) && !isNaN(data61)))){
const err146 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[0].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[0],data:data61};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
if(typeof data61 == "number"){
if(data61 > 60000 || isNaN(data61)){
const err147 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[0],data:data61};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if(data61 < 0 || isNaN(data61)){
const err148 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[0],data:data61};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
var _valid7 = _errs165 === errors;
valid28 = valid28 || _valid7;
if(!valid28){
const _errs167 = errors;
if(typeof data61 !== "string"){
const err149 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[1],data:data61};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if("p95" !== data61){
const err150 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf/1/const",keyword:"const",params:{allowedValue: "p95"},message:"must be equal to constant",schema:"p95",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf[1],data:data61};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
var _valid7 = _errs167 === errors;
valid28 = valid28 || _valid7;
}
if(!valid28){
const err151 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/delayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/delayMs/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.delayMs,data:data61};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
else {
errors = _errs164;
if(vErrors !== null){
if(_errs164){
vErrors.length = _errs164;
}
else {
vErrors = null;
}
}
}
}
if(data60.fallbackDelayMs !== undefined){
let data62 = data60.fallbackDelayMs;
if(!((typeof data62 == "number") && (!(data62 % 1) && !isNaN(data62)))){
const err152 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/fallbackDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/fallbackDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.fallbackDelayMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.fallbackDelayMs,data:data62};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(typeof data62 == "number"){
if(data62 < 0 || isNaN(data62)){
const err153 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/fallbackDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/fallbackDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.fallbackDelayMs,data:data62};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
}
if(data60.minDelayMs !== undefined){
let data63 = data60.minDelayMs;
if(!((typeof data63 == "number") && (!(data63 % 1) && !isNaN(data63)))){
const err154 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/minDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/minDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.minDelayMs.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.minDelayMs,data:data63};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if(typeof data63 == "number"){
if(data63 < 0 || isNaN(data63)){
const err155 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/minDelayMs",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/minDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.minDelayMs,data:data63};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
}
if(data60.routes !== undefined){
let data64 = data60.routes;
if(Array.isArray(data64)){
const len4 = data64.length;
for(let i4=0; i4<len4; i4++){
let data65 = data64[i4];
if(typeof data65 === "string"){
if(!pattern9.test(data65)){
const err156 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/routes/" + i4,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/routes/items/pattern",keyword:"pattern",params:{pattern: "^/"},message:"must match pattern \""+"^/"+"\"",schema:"^/",parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.routes.items,data:data65};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
else {
const err157 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/routes/" + i4,schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/routes/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.routes.items.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.routes.items,data:data65};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
}
else {
const err158 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge/routes",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/properties/routes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.routes.type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].properties.routes,data:data64};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
}
else {
const err159 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf[1],data:data60};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
var _valid6 = _errs160 === errors;
valid26 = valid26 || _valid6;
}
if(!valid26){
const err160 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/hedge",schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/properties/hedge/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge.anyOf,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"].properties.hedge,data:data60};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
else {
errors = _errs157;
if(vErrors !== null){
if(_errs157){
vErrors.length = _errs157;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err161 = {instancePath:instancePath+"/upstreams/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/upstreams/patternProperties/%5E(.*)%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.patternProperties["^(.*)$"].type,parentSchema:schema0.properties.upstreams.patternProperties["^(.*)$"],data:data3};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
}
}
else {
const err162 = {instancePath:instancePath+"/upstreams",schemaPath:"#/properties/upstreams/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.upstreams.type,parentSchema:schema0.properties.upstreams,data:data2};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
if(data.routes !== undefined){
let data66 = data.routes;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
for(const key13 in data66){
if(pattern0.test(key13)){
let data67 = data66[key13];
if(data67 && typeof data67 == "object" && !Array.isArray(data67)){
for(const key14 in data67){
if(!((key14 === "rateLimit") || (key14 === "auth"))){
const err163 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"],data:data67};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
if(data67.rateLimit !== undefined){
let data68 = data67.rateLimit;
const _errs183 = errors;
let valid33 = false;
const _errs184 = errors;
if(typeof data68 !== "string"){
const err164 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[0].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[0],data:data68};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
if("skip" !== data68){
const err165 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/0/const",keyword:"const",params:{allowedValue: "skip"},message:"must be equal to constant",schema:"skip",parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[0],data:data68};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
var _valid8 = _errs184 === errors;
valid33 = valid33 || _valid8;
if(!valid33){
const _errs186 = errors;
if(Array.isArray(data68)){
if(data68.length < 1){
const err166 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1],data:data68};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
const len5 = data68.length;
for(let i5=0; i5<len5; i5++){
let data69 = data68[i5];
if(data69 && typeof data69 == "object" && !Array.isArray(data69)){
if(data69.name === undefined){
const err167 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.required,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
if(data69.algorithm === undefined){
const err168 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/required",keyword:"required",params:{missingProperty: "algorithm"},message:"must have required property '"+"algorithm"+"'",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.required,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
if(data69.limit === undefined){
const err169 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/required",keyword:"required",params:{missingProperty: "limit"},message:"must have required property '"+"limit"+"'",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.required,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
if(data69.windowMs === undefined){
const err170 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/required",keyword:"required",params:{missingProperty: "windowMs"},message:"must have required property '"+"windowMs"+"'",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.required,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
for(const key15 in data69){
if(!((((((key15 === "name") || (key15 === "algorithm")) || (key15 === "limit")) || (key15 === "windowMs")) || (key15 === "burst")) || (key15 === "onStoreFailure"))){
const err171 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
if(data69.name !== undefined){
let data70 = data69.name;
if(typeof data70 !== "string"){
const err172 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/name",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.name.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.name,data:data70};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
}
if(data69.algorithm !== undefined){
let data71 = data69.algorithm;
const _errs194 = errors;
let valid37 = false;
const _errs195 = errors;
if(typeof data71 !== "string"){
const err173 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/algorithm",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/algorithm/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[0].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[0],data:data71};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
if("gcra" !== data71){
const err174 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/algorithm",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/algorithm/anyOf/0/const",keyword:"const",params:{allowedValue: "gcra"},message:"must be equal to constant",schema:"gcra",parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[0],data:data71};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
var _valid9 = _errs195 === errors;
valid37 = valid37 || _valid9;
if(!valid37){
const _errs197 = errors;
if(typeof data71 !== "string"){
const err175 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/algorithm",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/algorithm/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[1].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[1],data:data71};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
if("sliding-window" !== data71){
const err176 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/algorithm",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/algorithm/anyOf/1/const",keyword:"const",params:{allowedValue: "sliding-window"},message:"must be equal to constant",schema:"sliding-window",parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf[1],data:data71};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
var _valid9 = _errs197 === errors;
valid37 = valid37 || _valid9;
}
if(!valid37){
const err177 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/algorithm",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/algorithm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm.anyOf,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.algorithm,data:data71};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
else {
errors = _errs194;
if(vErrors !== null){
if(_errs194){
vErrors.length = _errs194;
}
else {
vErrors = null;
}
}
}
}
if(data69.limit !== undefined){
let data72 = data69.limit;
if(!((typeof data72 == "number") && (!(data72 % 1) && !isNaN(data72)))){
const err178 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/limit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/limit/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.limit.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.limit,data:data72};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
if(typeof data72 == "number"){
if(data72 < 1 || isNaN(data72)){
const err179 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/limit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/limit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.limit,data:data72};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
}
if(data69.windowMs !== undefined){
let data73 = data69.windowMs;
if(!((typeof data73 == "number") && (!(data73 % 1) && !isNaN(data73)))){
const err180 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/windowMs",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/windowMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.windowMs.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.windowMs,data:data73};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
if(typeof data73 == "number"){
if(data73 < 1000 || isNaN(data73)){
const err181 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/windowMs",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/windowMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1000},message:"must be >= 1000",schema:1000,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.windowMs,data:data73};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
}
if(data69.burst !== undefined){
let data74 = data69.burst;
if(!((typeof data74 == "number") && (!(data74 % 1) && !isNaN(data74)))){
const err182 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/burst",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/burst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.burst.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.burst,data:data74};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
if(typeof data74 == "number"){
if(data74 < 1 || isNaN(data74)){
const err183 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/burst",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/burst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.burst,data:data74};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
}
}
if(data69.onStoreFailure !== undefined){
let data75 = data69.onStoreFailure;
const _errs206 = errors;
let valid38 = false;
const _errs207 = errors;
if(typeof data75 !== "string"){
const err184 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/onStoreFailure",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/onStoreFailure/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[0].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[0],data:data75};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
if("fail-open" !== data75){
const err185 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/onStoreFailure",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/onStoreFailure/anyOf/0/const",keyword:"const",params:{allowedValue: "fail-open"},message:"must be equal to constant",schema:"fail-open",parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[0],data:data75};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
var _valid10 = _errs207 === errors;
valid38 = valid38 || _valid10;
if(!valid38){
const _errs209 = errors;
if(typeof data75 !== "string"){
const err186 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/onStoreFailure",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/onStoreFailure/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[1].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[1],data:data75};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
if("fail-closed" !== data75){
const err187 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/onStoreFailure",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/onStoreFailure/anyOf/1/const",keyword:"const",params:{allowedValue: "fail-closed"},message:"must be equal to constant",schema:"fail-closed",parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf[1],data:data75};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
var _valid10 = _errs209 === errors;
valid38 = valid38 || _valid10;
}
if(!valid38){
const err188 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5+"/onStoreFailure",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/properties/onStoreFailure/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure.anyOf,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.properties.onStoreFailure,data:data75};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
else {
errors = _errs206;
if(vErrors !== null){
if(_errs206){
vErrors.length = _errs206;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err189 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit/" + i5,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].items,data:data69};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
}
}
else {
const err190 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf[1],data:data68};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
var _valid8 = _errs186 === errors;
valid33 = valid33 || _valid8;
}
if(!valid33){
const err191 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/rateLimit",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/rateLimit/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit.anyOf,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.rateLimit,data:data68};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
else {
errors = _errs183;
if(vErrors !== null){
if(_errs183){
vErrors.length = _errs183;
}
else {
vErrors = null;
}
}
}
}
if(data67.auth !== undefined){
let data76 = data67.auth;
if(data76 && typeof data76 == "object" && !Array.isArray(data76)){
for(const key16 in data76){
if(!(((key16 === "public") || (key16 === "optional")) || (key16 === "scopes"))){
const err192 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth,data:data76};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
if(data76.public !== undefined){
let data77 = data76.public;
if(typeof data77 !== "boolean"){
const err193 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth/public",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/properties/public/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.public.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.public,data:data77};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
if(data76.optional !== undefined){
let data78 = data76.optional;
if(typeof data78 !== "boolean"){
const err194 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth/optional",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/properties/optional/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.optional.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.optional,data:data78};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
}
if(data76.scopes !== undefined){
let data79 = data76.scopes;
if(Array.isArray(data79)){
const len6 = data79.length;
for(let i6=0; i6<len6; i6++){
let data80 = data79[i6];
if(typeof data80 === "string"){
if(func0(data80) < 1){
const err195 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth/scopes/" + i6,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/properties/scopes/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.scopes.items,data:data80};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
else {
const err196 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth/scopes/" + i6,schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/properties/scopes/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.scopes.items.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.scopes.items,data:data80};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
}
else {
const err197 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth/scopes",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/properties/scopes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.scopes.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.properties.scopes,data:data79};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
}
else {
const err198 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/auth",schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/properties/auth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth.type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"].properties.auth,data:data76};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
}
}
else {
const err199 = {instancePath:instancePath+"/routes/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/routes/patternProperties/%5E(.*)%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.routes.patternProperties["^(.*)$"].type,parentSchema:schema0.properties.routes.patternProperties["^(.*)$"],data:data67};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
}
}
}
else {
const err200 = {instancePath:instancePath+"/routes",schemaPath:"#/properties/routes/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.properties.routes.type,parentSchema:schema0.properties.routes,data:data66};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
}
else {
const err201 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema0.type,parentSchema:schema0,data};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
validate0.errors = vErrors;
return errors === 0;
}

