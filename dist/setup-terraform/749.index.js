export const id = 749;
export const ids = [749];
export const modules = {

/***/ 63749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreCacheSafely: () => (/* binding */ restoreCacheSafely),
/* harmony export */   saveCacheSafely: () => (/* binding */ saveCacheSafely)
/* harmony export */ });
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(84049);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33904);
/**
 * Cache helpers over @actions/cache. A cache is an optimisation: when the service is missing or
 * failing, the action warns and carries on.
 */



/** Restores the first matching key; returns the key that hit, or undefined. Never throws. */
async function restoreCacheSafely(paths, key, restoreKeys = []) {
    if (!_actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3()) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz('Cache service not available; skipping restore');
        return undefined;
    }
    try {
        return await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .restoreCache */ .P3(paths, key, restoreKeys);
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`Cache restore failed for ${key}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err)}`);
        return undefined;
    }
}
/** Saves the paths under key; returns false when it could not (already exists, service down). Never throws. */
async function saveCacheSafely(paths, key) {
    if (!_actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3()) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz('Cache service not available; skipping save');
        return false;
    }
    try {
        const id = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .saveCache */ .Io(paths, key);
        return id !== -1;
    }
    catch (err) {
        const name = err?.name;
        if (name === 'ReserveCacheError')
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Cache ${key} already exists; not saved again`);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`Cache save failed for ${key}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err)}`);
        return false;
    }
}


/***/ })

};
